using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.Links;

public static partial class LinkService
{
    /// <summary>The kernel's limit on an alternative name: ALTIFNAMSIZ (128) including the NUL.</summary>
    private const int MaxAlternativeNameBytes = 127;

    /// <summary>
    /// Adds alternative names to a link (`ip link property add dev X altname NAME`). One request per name: the kernel
    /// keeps the names of a list it took before one failed, so on a failure the names added here are removed again.
    /// </summary>
    public static void AddAlternativeNames(NamespaceHandle ns, string name, IReadOnlyList<string> alternativeNames)
    {
        LinkNames.Validate(name);
        foreach (string alternative in alternativeNames)
        {
            CheckAlternativeName(alternative);
        }

        AllOrNothing.Apply(alternativeNames,
            alternative => ChangeAlternativeName(ns, name, alternative, add: true),
            alternative => ChangeAlternativeName(ns, name, alternative, add: false));
    }

    /// <summary>Removes alternative names from a link (`ip link property del dev X altname NAME`).</summary>
    public static void RemoveAlternativeNames(NamespaceHandle ns, string name, IReadOnlyList<string> alternativeNames)
    {
        LinkNames.Validate(name);
        foreach (string alternative in alternativeNames)
        {
            CheckAlternativeName(alternative);
            ChangeAlternativeName(ns, name, alternative, add: false);
        }
    }

    private static void ChangeAlternativeName(NamespaceHandle ns, string name, string alternative, bool add)
    {
        ushort flags = add ? (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_EXCL | Nl.NLM_F_CREATE | Nl.NLM_F_APPEND) : Nl.NLM_F_REQUEST;
        var request = new NetlinkRequest(add ? Rt.RTM_NEWLINKPROP : Rt.RTM_DELLINKPROP, flags)
            .Header(new IfInfoMsg())
            .AttrString(Rt.IFLA_IFNAME, name);
        int list = request.BeginNested(Rt.IFLA_PROP_LIST | Nl.NLA_F_NESTED);
        request.AttrString(Rt.IFLA_ALT_IFNAME, alternative);
        request.EndNested(list);

        string operation = $"{(add ? "add" : "remove")} alternative name '{alternative}' {(add ? "to" : "from")} link '{name}' in {ns.Description}";
        try
        {
            NetlinkSockets.Route(ns).Execute(request, operation, name);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENODEV)
        {
            throw LinkNotFound(name, ns);
        }
        catch (NetlinkException e) when (e.Errno == Libc.EEXIST)
        {
            throw new EngineException(EngineErrorKind.AlreadyExists,
                $"{operation}: '{alternative}' is already the name or an alternative name of a link in {ns.Description} ({e.Reason})", alternative, e);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENOENT)
        {
            throw new EngineException(EngineErrorKind.NotFound,
                $"{operation}: '{name}' has no alternative name '{alternative}' ({e.Reason})", alternative, e);
        }
    }

    private static void CheckAlternativeName(string alternative)
    {
        if (alternative.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(alternative) > MaxAlternativeNameBytes
            || alternative is "." or ".." || alternative.Any(c => c == '/' || c == ':' || char.IsWhiteSpace(c)))
        {
            throw new EngineException(EngineErrorKind.InvalidArgument,
                $"'{alternative}' is not a valid alternative name: use 1-{MaxAlternativeNameBytes} bytes without '/', ':' or spaces", alternative);
        }
    }

    private static IReadOnlyList<string> ParseAlternativeNames(ReadOnlyMemory<byte>? propList) =>
        propList is ReadOnlyMemory<byte> list
            ? NetlinkAttributes.Sequence(list)
                .Where(a => a.Type == Rt.IFLA_ALT_IFNAME)
                .Select(a => NetlinkAttributes.Text(a.Payload.Span))
                .ToArray()
            : [];
}
