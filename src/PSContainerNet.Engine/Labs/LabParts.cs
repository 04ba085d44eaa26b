using PSContainerNet.Engine.Addresses;
using PSContainerNet.Engine.Links;
using PSContainerNet.Engine.Namespaces;

namespace PSContainerNet.Engine.Labs;

/// <summary>Makes single parts of a lab the way a build makes them; a build and a change to a running lab share them.</summary>
internal static class LabParts
{
    /// <summary>A node's namespace with its loopback up and marked; written in the journal first, so a killed build still leaves a findable namespace.</summary>
    public static void MakeNode(LabJournal journal, string lab, string node)
    {
        string name = LabDefinition.NamespaceOf(lab, node);
        journal.Namespace(name, node);
        NetNamespaceStore.Create(name);
        LinkService.Set(NamespaceHandle.Resolve(name), "lo", new LinkSettings { Up = true, Alias = LabMark.Format(lab, node) });
    }

    /// <summary>An address on a lab link, usable at once (no duplicate address detection: the lab is the segment's only user).</summary>
    public static void MakeAddress(NamespaceHandle ns, string link, IPPrefix address) =>
        AddressService.Create(ns, link, address, new AddressOptions { SkipDuplicateAddressDetection = true });

    /// <summary>
    /// A veth pair, up. Made from the bridge's side, the port joins the bridge in the creating request; one queue each
    /// way (all a veth uses unless tuned for XDP) spares the kernel an RCU wait per veth.
    /// </summary>
    public static void MakeVeth(NamespaceHandle portNs, string portName, string otherName, NamespaceHandle otherNs, string? bridge) =>
        LinkService.CreateVeth(portNs, portName, otherName, otherNs, new LinkOptions { Up = true, Master = bridge, Queues = 1 });

    /// <summary>A macvlan on a parent in another (or the same) node, made there under a name unique in it and moved in under its own.</summary>
    public static void MakeMacvlan(NamespaceHandle ns, string name, NamespaceHandle parentNs, string parent, MacvlanMode mode, string temporary)
    {
        if (ns.Inode == parentNs.Inode)
        {
            LinkService.NewMacvlan(ns, name, parent, mode, new LinkOptions { Up = true });
            return;
        }

        LinkService.NewMacvlan(parentNs, temporary, parent, mode, new LinkOptions());
        LinkService.Set(parentNs, temporary, new LinkSettings { MoveTo = ns, NewName = name });
        LinkService.Set(ns, name, new LinkSettings { Up = true });
    }
}
