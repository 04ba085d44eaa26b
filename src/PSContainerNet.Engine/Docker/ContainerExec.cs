using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Serialization;

namespace PSContainerNet.Engine.Docker;

/// <summary>What a command run inside a container (docker exec) did.</summary>
public sealed class ContainerCommandResult
{
    public required string Container { get; init; }

    public required IReadOnlyList<string> Command { get; init; }

    public int ExitCode { get; init; }

    public bool Success => ExitCode == 0;

    public required IReadOnlyList<string> Output { get; init; }

    public required IReadOnlyList<string> ErrorOutput { get; init; }

    public TimeSpan Duration { get; init; }

    public required string DockerHost { get; init; }

    public override string ToString() => string.Join(Environment.NewLine, Output);
}

/// <summary>
/// docker exec over the Engine API: the command runs in the container's namespaces (its network, its resolver,
/// its files) on whatever machine the engine is on, so it also reaches containers of remote engines.
/// </summary>
public static class ContainerExec
{
    public static ContainerCommandResult Run(DockerClient docker, string container, IReadOnlyList<string> command)
    {
        var watch = Stopwatch.StartNew();
        var created = docker.Post($"/containers/{DockerClient.Segment(container)}/exec",
            new WireExecCreate { Cmd = command.ToList(), AttachStdout = true, AttachStderr = true },
            ExecJson.Default.WireExecCreate, DockerJson.Default.WireCreated, container);
        // Without a TTY the answer is the multiplexed stream, ended when the command ends.
        byte[] stream = docker.PostForBytes($"/exec/{DockerClient.Segment(created.Id)}/start",
            new WireExecStart { Detach = false, Tty = false }, ExecJson.Default.WireExecStart, container);
        var (output, error) = Demultiplex(stream);
        WireExecInspect inspect = docker.Get($"/exec/{DockerClient.Segment(created.Id)}/json", ExecJson.Default.WireExecInspect, container);
        return new ContainerCommandResult
        {
            Container = container,
            Command = command,
            ExitCode = inspect.ExitCode ?? -1,
            Output = Lines(output),
            ErrorOutput = Lines(error),
            Duration = watch.Elapsed,
            DockerHost = docker.Endpoint.Host,
        };
    }

    /// <summary>Frames of [stream (1 stdout, 2 stderr), 0, 0, 0, big-endian length] then the bytes.</summary>
    internal static (string Output, string Error) Demultiplex(ReadOnlySpan<byte> stream)
    {
        var output = new StringBuilder();
        var error = new StringBuilder();
        while (stream.Length >= 8)
        {
            int length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(stream[4..8]), (uint)(stream.Length - 8));
            (stream[0] == 2 ? error : output).Append(Encoding.UTF8.GetString(stream.Slice(8, length)));
            stream = stream[(8 + length)..];
        }

        return (output.ToString(), error.ToString());
    }

    private static List<string> Lines(string text) =>
        text.Length == 0 ? [] : text.TrimEnd('\n').Split('\n').Select(l => l.TrimEnd('\r')).ToList();
}

internal sealed class WireExecCreate
{
    public required List<string> Cmd { get; set; }
    public bool AttachStdout { get; set; }
    public bool AttachStderr { get; set; }
}

internal sealed class WireExecStart
{
    public bool Detach { get; set; }
    public bool Tty { get; set; }
}

internal sealed class WireExecInspect
{
    public int? ExitCode { get; set; }
    public bool Running { get; set; }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WireExecCreate))]
[JsonSerializable(typeof(WireExecStart))]
[JsonSerializable(typeof(WireExecInspect))]
internal sealed partial class ExecJson : JsonSerializerContext;
