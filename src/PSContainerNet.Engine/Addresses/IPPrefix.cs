using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PSContainerNet.Engine.Addresses;

/// <summary>An address with a prefix length: 172.17.0.2/16, fd00::1/64, 0.0.0.0/0.</summary>
public readonly record struct IPPrefix(IPAddress Address, int PrefixLength)
{
    public AddressFamily Family => Address.AddressFamily;

    public int MaxLength => Family == AddressFamily.InterNetworkV6 ? 128 : 32;

    /// <summary>The kernel's AF_INET (2) or AF_INET6 (10); .NET numbers IPv6 differently (23).</summary>
    public byte KernelFamily => KernelFamilyOf(Family);

    /// <summary>The network: the address with the host bits cleared (172.17.0.0 for 172.17.0.2/16).</summary>
    public IPAddress Network => Mask(Address, PrefixLength, setHostBits: false);

    /// <summary>The IPv4 directed broadcast (172.17.255.255 for /16); null for IPv6 and for /31 and /32.</summary>
    public IPAddress? Broadcast => Family == AddressFamily.InterNetwork && PrefixLength < 31 ? Mask(Address, PrefixLength, setHostBits: true) : null;

    /// <summary>Whether an address lies inside this prefix (same family, same network bits).</summary>
    public bool Contains(IPAddress address) =>
        address.AddressFamily == Family && Mask(address, PrefixLength, setHostBits: false).Equals(Network);

    /// <summary>Whether two prefixes share addresses: the shorter one contains the other's network.</summary>
    public bool Overlaps(IPPrefix other) =>
        Family == other.Family && (PrefixLength <= other.PrefixLength ? Contains(other.Address) : other.Contains(Address));

    public override string ToString() => $"{Address}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Parses "ADDRESS/LENGTH", or an address alone with <paramref name="defaultLength"/> (the full length
    /// when null). "default" means 0.0.0.0/0 (or ::/0 for <paramref name="family"/> IPv6).
    /// </summary>
    public static IPPrefix Parse(string text, int? prefixLength = null, AddressFamily? family = null)
    {
        string trimmed = text.Trim();
        if (trimmed.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = family == AddressFamily.InterNetworkV6 ? "::/0" : "0.0.0.0/0";
        }

        string addressText = trimmed;
        int? length = prefixLength;
        int slash = trimmed.IndexOf('/');
        if (slash >= 0)
        {
            addressText = trimmed[..slash];
            if (!int.TryParse(trimmed[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int fromText))
            {
                throw Invalid(text, $"'{trimmed[(slash + 1)..]}' is not a prefix length");
            }

            if (prefixLength is int given && given != fromText)
            {
                throw Invalid(text, $"the text says /{fromText} but the prefix length given is {given}");
            }

            length = fromText;
        }

        if (!TryParseAddress(addressText, out IPAddress? address))
        {
            throw Invalid(text, $"'{addressText}' is not an IPv4 or IPv6 address");
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (family is AddressFamily f && f != address.AddressFamily)
        {
            throw Invalid(text, $"it is an {FamilyName(address.AddressFamily)} address, but {FamilyName(f)} was asked for");
        }

        var prefix = new IPPrefix(address, length ?? (address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32));
        if (prefix.PrefixLength < 0 || prefix.PrefixLength > prefix.MaxLength)
        {
            throw Invalid(text, $"prefix length {prefix.PrefixLength} is out of range; {FamilyName(prefix.Family)} allows 0-{prefix.MaxLength}");
        }

        return prefix;
    }

    /// <summary>
    /// Strict address text: IPv4 only as four decimal parts (IPAddress.TryParse also takes "1.2.3" and hex),
    /// IPv6 without a zone.
    /// </summary>
    public static bool TryParseAddress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address) =>
        IPAddress.TryParse(text, out address) && !text.Contains('%') &&
        (address.AddressFamily != AddressFamily.InterNetwork || (text.Count(c => c == '.') == 3 && text.All(c => char.IsAsciiDigit(c) || c == '.')));

    public static byte KernelFamilyOf(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? (byte)10 : (byte)2;

    public static string FamilyName(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";

    private static EngineException Invalid(string text, string why) =>
        new(EngineErrorKind.InvalidArgument, $"'{text}' is not a valid address prefix: {why}", text);

    private static IPAddress Mask(IPAddress address, int length, bool setHostBits)
    {
        byte[] bytes = address.GetAddressBytes();
        for (int bit = length; bit < bytes.Length * 8; bit++)
        {
            int i = bit / 8;
            byte flag = (byte)(0x80 >> (bit % 8));
            bytes[i] = setHostBits ? (byte)(bytes[i] | flag) : (byte)(bytes[i] & ~flag);
        }

        return new IPAddress(bytes);
    }
}
