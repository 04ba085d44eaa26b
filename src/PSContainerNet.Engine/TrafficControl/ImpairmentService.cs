using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;
using PSContainerNet.Engine.Native;
using PSContainerNet.Engine.Netlink;

namespace PSContainerNet.Engine.TrafficControl;

/// <summary>
/// Impairs a link's egress with its root qdisc (tc qdisc replace / show / del ... root): tbf for a rate alone, netem for
/// delay, jitter, loss, duplication, reordering or corruption (with netem's own rate beside them).
/// </summary>
public static class ImpairmentService
{
    /// <summary>Replaces the link's root qdisc with the impairment (one request: the old one goes in the same step).</summary>
    public static NetLinkImpairment Set(NamespaceHandle ns, string link, ImpairmentSpec spec)
    {
        Checked(spec);
        int index = LinkService.IndexOf(ns, link);
        string kind = spec.NeedsNetem ? "netem" : "tbf";
        var request = new NetlinkRequest(QdiscWire.RTM_NEWQDISC, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE))
            .Header(new TcMsg { Index = index, Parent = QdiscWire.TC_H_ROOT })
            .AttrString(QdiscWire.TCA_KIND, kind);
        if (spec.NeedsNetem)
        {
            QdiscWire.Netem(request, spec);
        }
        else
        {
            ulong rate = spec.Rate!.Value;
            uint burst = spec.Burst ?? (uint)Math.Max(rate / 8 / 100, 2 * 1514);
            uint limit = spec.Limit ?? (uint)Math.Min(rate / 8 / 20 + burst, uint.MaxValue); // 50 ms of queue at the rate
            QdiscWire.Tbf(request, rate, burst, limit);
        }

        string operation = $"impair link '{link}' with {kind} in {ns.Description}";
        try
        {
            NetlinkSockets.Route(ns).Execute(request, operation, link);
        }
        catch (NetlinkException e) when (e.Errno == Libc.ENOENT && e.KernelMessage?.Contains("qdisc kind is unknown", StringComparison.Ordinal) == true)
        {
            throw new EngineException(EngineErrorKind.NotSupported,
                $"{operation}: this kernel has no '{kind}' qdisc ({e.KernelMessage}; is sch_{kind} built and loaded?)", link, e);
        }

        return Get(ns, link) ?? throw new EngineException(EngineErrorKind.Other, $"{operation}: the kernel took it but does not list it", link);
    }

    /// <summary>The impairment on one link, or null when its root qdisc is not netem or tbf.</summary>
    public static NetLinkImpairment? Get(NamespaceHandle ns, string link)
    {
        int index = LinkService.IndexOf(ns, link);
        return List(ns, new Dictionary<int, string> { [index] = link }).Select(i => i.Impairment).FirstOrDefault();
    }

    /// <summary>Every impaired link of the namespace (root qdiscs that are netem or tbf).</summary>
    public static IReadOnlyList<NetLinkImpairment> List(NamespaceHandle ns) =>
        List(ns, LinkService.List(ns).ToDictionary(l => l.Index, l => l.Name)).Select(i => i.Impairment).ToList();

    /// <summary>Removes the impairment: the link gets its default qdisc back. NotFound when it has none.</summary>
    public static void Remove(NamespaceHandle ns, string link)
    {
        int index = LinkService.IndexOf(ns, link);
        if (Get(ns, link) is null)
        {
            throw new EngineException(EngineErrorKind.NotFound, $"link '{link}' in {ns.Description} has no impairment (its root qdisc is not netem or tbf)", link);
        }

        var request = new NetlinkRequest(QdiscWire.RTM_DELQDISC, Nl.NLM_F_REQUEST)
            .Header(new TcMsg { Index = index, Parent = QdiscWire.TC_H_ROOT });
        NetlinkSockets.Route(ns).Execute(request, $"remove the impairment of link '{link}' in {ns.Description}", link);
    }

    private static IEnumerable<(int Index, NetLinkImpairment Impairment)> List(NamespaceHandle ns, Dictionary<int, string> names)
    {
        var request = new NetlinkRequest(QdiscWire.RTM_GETQDISC, (ushort)(Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP)).Header(new TcMsg());
        foreach (NetlinkMessage message in NetlinkSockets.Route(ns).Dump(request, $"list the qdiscs of {ns.Description}", ns.Reference))
        {
            TcMsg header = message.Header<TcMsg>();
            NetlinkAttributes a = message.Attributes<TcMsg>();
            if (header.Parent != QdiscWire.TC_H_ROOT || a.String(QdiscWire.TCA_KIND) is not string kind || !names.TryGetValue(header.Index, out string? link))
            {
                continue;
            }

            if (QdiscWire.Read(link, ns.Reference, kind, a.Bytes(QdiscWire.TCA_OPTIONS) ?? ReadOnlyMemory<byte>.Empty) is NetLinkImpairment impairment)
            {
                yield return (header.Index, impairment);
            }
        }
    }

    /// <summary>The spec, when it can be made (what netem cannot do is refused before anything is sent).</summary>
    public static ImpairmentSpec Checked(ImpairmentSpec spec)
    {
        if (!spec.NeedsNetem && spec.Rate is null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "an impairment needs a rate, or a delay, jitter, loss, duplication, reordering or corruption", spec);
        }

        foreach (var (name, value) in new[] { ("loss", spec.Loss), ("duplicate", spec.Duplicate), ("reorder", spec.Reorder), ("corrupt", spec.Corrupt) })
        {
            if (value is < 0 or > 100)
            {
                throw new EngineException(EngineErrorKind.InvalidArgument, $"{name} {value}% is not a percentage from 0 to 100", value);
            }
        }

        if (spec.Jitter is not null && spec.Delay is null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "jitter varies a delay: give -Delay too", spec.Jitter);
        }

        if (spec.Reorder is > 0 && spec.Delay is null)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "reordering sends some packets at once and delays the others: give -Delay too (as tc asks)", spec.Reorder);
        }

        if (spec.Burst is not null && spec.NeedsNetem)
        {
            throw new EngineException(EngineErrorKind.InvalidArgument, "-Burst is the token bucket's (a rate alone); netem's rate has none", spec.Burst);
        }

        return spec;
    }
}
