using System.Text;
using PSContainerNet.Engine.Docker;

namespace PSContainerNet.Engine.Tests.Docker;

/// <summary>docker exec's output stream: frames of stdout and stderr, possibly cut short.</summary>
public sealed class ContainerExecTests
{
    private static byte[] Frame(byte stream, string text)
    {
        byte[] payload = Encoding.UTF8.GetBytes(text);
        byte[] header = [stream, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length];
        return [.. header, .. payload];
    }

    [Fact]
    public void Frames_go_to_their_stream_in_order()
    {
        byte[] stream = [.. Frame(1, "one\n"), .. Frame(2, "oops\n"), .. Frame(1, "two\n")];
        var (output, error) = ContainerExec.Demultiplex(stream);
        Assert.Equal("one\ntwo\n", output);
        Assert.Equal("oops\n", error);
    }

    [Fact]
    public void A_frame_longer_than_what_arrived_gives_what_arrived()
    {
        byte[] whole = Frame(1, "truncated");
        var (output, _) = ContainerExec.Demultiplex(whole.AsSpan(0, whole.Length - 3));
        Assert.Equal("trunca", output);
    }
}
