using System.Globalization;

namespace PSContainerNet.Engine.Links;

/// <summary>Parses and formats 48-bit MAC addresses.</summary>
public static class MacAddress
{
    /// <summary>Accepts aa:bb:cc:dd:ee:ff, aa-bb-cc-dd-ee-ff or aabb.ccdd.eeff.</summary>
    public static byte[] Parse(string text)
    {
        string hex = text.Replace(":", string.Empty).Replace("-", string.Empty).Replace(".", string.Empty);
        if (hex.Length != 12 || !hex.All(Uri.IsHexDigit))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{text}' is not a MAC address; write six hex pairs such as 02:42:ac:11:00:02", text);
        }

        byte[] bytes = Convert.FromHexString(hex);
        if ((bytes[0] & 1) != 0)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{text}' is a multicast MAC address (lowest bit of the first byte set); an interface needs a unicast one", text);
        }

        return bytes;
    }

    public static string Format(ReadOnlySpan<byte> bytes) =>
        string.Join(':', bytes.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
