namespace PSContainerNet.Engine.Netlink;

/// <summary>Values from linux/netlink.h (message types, flags, socket options, error attributes).</summary>
internal static class Nl
{
    internal const int NETLINK_ROUTE = 0;
    internal const int NETLINK_NETFILTER = 12;

    internal const ushort NLMSG_NOOP = 1;
    internal const ushort NLMSG_ERROR = 2;
    internal const ushort NLMSG_DONE = 3;

    internal const ushort NLM_F_REQUEST = 0x1;
    internal const ushort NLM_F_ACK = 0x4;
    internal const ushort NLM_F_DUMP_INTR = 0x10;
    internal const ushort NLM_F_DUMP = 0x300;
    internal const ushort NLM_F_ECHO = 0x8;
    internal const ushort NLM_F_EXCL = 0x200;
    internal const ushort NLM_F_CREATE = 0x400;
    internal const ushort NLM_F_APPEND = 0x800;

    /// <summary>Marks a nested attribute; policies the kernel validates strictly (IFLA_PROP_LIST) require it.</summary>
    internal const ushort NLA_F_NESTED = 0x8000;
    internal const ushort NLM_F_REPLACE = 0x100;

    // Flags of an NLMSG_ERROR message.
    internal const ushort NLM_F_CAPPED = 0x100;
    internal const ushort NLM_F_ACK_TLVS = 0x200;

    internal const int NETLINK_CAP_ACK = 10;
    internal const int NETLINK_EXT_ACK = 11;

    internal const ushort NLMSGERR_ATTR_MSG = 1;
}

/// <summary>Values from linux/rtnetlink.h, linux/if_link.h and linux/net_namespace.h.</summary>
internal static class Rt
{
    internal const ushort RTM_NEWLINK = 16;
    internal const ushort RTM_DELLINK = 17;
    internal const ushort RTM_NEWLINKPROP = 108;
    internal const ushort RTM_DELLINKPROP = 109;
    internal const ushort RTM_GETLINK = 18;
    internal const ushort RTM_NEWADDR = 20;
    internal const ushort RTM_DELADDR = 21;
    internal const ushort RTM_GETADDR = 22;
    internal const ushort RTM_NEWROUTE = 24;
    internal const ushort RTM_DELROUTE = 25;
    internal const ushort RTM_GETROUTE = 26;
    internal const ushort RTM_NEWNEIGH = 28;
    internal const ushort RTM_DELNEIGH = 29;
    internal const ushort RTM_GETNEIGH = 30;
    internal const ushort NDA_DST = 1;
    internal const ushort NDA_LLADDR = 2;
    internal const byte NTF_PROXY = 0x08;
    internal const byte NTF_SELF = 0x02;
    internal const byte NTF_MASTER = 0x04;
    internal const ushort NDA_VLAN = 5;
    internal const ushort NDA_PORT = 6;
    internal const ushort NDA_VNI = 7;
    internal const ushort NDA_MASTER = 9;
    internal const byte AF_BRIDGE = 7;
    internal const byte NTF_ROUTER = 0x80;
    internal const ushort RTM_NEWRULE = 32;
    internal const ushort RTM_DELRULE = 33;
    internal const ushort RTM_GETRULE = 34;

    // linux/fib_rules.h
    internal const ushort FRA_DST = 1;
    internal const ushort FRA_SRC = 2;
    internal const ushort FRA_IIFNAME = 3;
    internal const ushort FRA_GOTO = 4;
    internal const ushort FRA_PRIORITY = 6;
    internal const ushort FRA_FWMARK = 10;
    internal const ushort FRA_SUPPRESS_PREFIXLEN = 14;
    internal const ushort FRA_TABLE = 15;
    internal const ushort FRA_FWMASK = 16;
    internal const ushort FRA_OIFNAME = 17;
    internal const ushort FRA_L3MDEV = 19;
    internal const uint FIB_RULE_INVERT = 2;
    internal const ushort RTM_GETNETCONF = 82;
    internal const ushort NETCONFA_IFINDEX = 1;
    internal const ushort NETCONFA_FORWARDING = 2;
    internal const int NETCONFA_IFINDEX_ALL = -1;
    internal const ushort RTM_GETNSID = 90;

    internal const ushort IFLA_ADDRESS = 1;
    internal const ushort IFLA_IFNAME = 3;
    internal const ushort IFLA_MTU = 4;
    internal const ushort IFLA_LINK = 5;
    internal const ushort IFLA_MASTER = 10;
    internal const ushort IFLA_TXQLEN = 13;
    internal const ushort IFLA_OPERSTATE = 16;
    internal const ushort IFLA_LINKINFO = 18;
    internal const ushort IFLA_STATS64 = 23;
    internal const ushort IFLA_IFALIAS = 20;
    internal const ushort IFLA_GROUP = 27;
    internal const ushort IFLA_NUM_TX_QUEUES = 31;
    internal const ushort IFLA_NUM_RX_QUEUES = 32;
    internal const ushort IFLA_NET_NS_FD = 28;
    internal const ushort IFLA_EXT_MASK = 29;
    internal const ushort IFLA_LINK_NETNSID = 37;
    internal const ushort IFLA_PROP_LIST = 52;
    internal const ushort IFLA_ALT_IFNAME = 53;

    internal const uint RTEXT_FILTER_BRVLAN = 1 << 1;
    internal const uint RTEXT_FILTER_SKIP_STATS = 1 << 3;

    internal const ushort RTM_SETLINK = 19;
    internal const ushort IFLA_AF_SPEC = 26;
    internal const ushort IFLA_BRIDGE_FLAGS = 0;
    internal const ushort IFLA_BRIDGE_VLAN_INFO = 2;
    internal const ushort BRIDGE_FLAGS_SELF = 2;
    internal const ushort BRIDGE_VLAN_INFO_PVID = 1 << 1;
    internal const ushort BRIDGE_VLAN_INFO_UNTAGGED = 1 << 2;

    internal const ushort IFLA_INFO_KIND = 1;
    internal const ushort IFLA_INFO_DATA = 2;
    internal const ushort IFLA_INFO_SLAVE_KIND = 4;
    internal const ushort IFLA_INFO_SLAVE_DATA = 5;
    internal const ushort IFLA_BRPORT_STATE = 1;
    internal const ushort IFLA_BRPORT_PRIORITY = 2;
    internal const ushort IFLA_BRPORT_COST = 3;
    internal const ushort IFLA_BRPORT_MODE = 4;
    internal const ushort IFLA_BRPORT_GUARD = 5;
    internal const ushort IFLA_BRPORT_LEARNING = 8;
    internal const ushort IFLA_BRPORT_UNICAST_FLOOD = 9;
    internal const ushort IFLA_BRPORT_MCAST_FLOOD = 27;
    internal const ushort IFLA_BRPORT_BCAST_FLOOD = 30;
    internal const ushort IFLA_BRPORT_ISOLATED = 33;

    internal const ushort VETH_INFO_PEER = 1;

    internal const ushort IFLA_BR_FORWARD_DELAY = 1;
    internal const ushort IFLA_BR_HELLO_TIME = 2;
    internal const ushort IFLA_BR_MAX_AGE = 3;
    internal const ushort IFLA_BR_AGEING_TIME = 4;
    internal const ushort IFLA_BR_STP_STATE = 5;
    internal const ushort IFLA_BR_PRIORITY = 6;
    internal const ushort IFLA_BR_VLAN_FILTERING = 7;
    internal const ushort IFLA_BR_MCAST_SNOOPING = 23;
    internal const ushort IFLA_BR_VLAN_DEFAULT_PVID = 39;

    internal const ushort IFLA_VRF_TABLE = 1;

    internal const ushort IFLA_VLAN_ID = 1;
    internal const ushort IFLA_VLAN_FLAGS = 2;
    internal const ushort IFLA_VLAN_PROTOCOL = 5;

    internal const ushort IFLA_MACVLAN_MODE = 1;

    internal const ushort IFLA_IPVLAN_MODE = 1;
    internal const ushort IFLA_IPVLAN_FLAGS = 2;

    internal const ushort IFLA_VXLAN_ID = 1;
    internal const ushort IFLA_VXLAN_GROUP = 2;
    internal const ushort IFLA_VXLAN_LINK = 3;
    internal const ushort IFLA_VXLAN_LOCAL = 4;
    internal const ushort IFLA_VXLAN_TTL = 5;
    internal const ushort IFLA_VXLAN_TOS = 6;
    internal const ushort IFLA_VXLAN_LEARNING = 7;
    internal const ushort IFLA_VXLAN_AGEING = 8;
    internal const ushort IFLA_VXLAN_PORT_RANGE = 10;
    internal const ushort IFLA_VXLAN_PROXY = 11;
    internal const ushort IFLA_VXLAN_L2MISS = 13;
    internal const ushort IFLA_VXLAN_L3MISS = 14;
    internal const ushort IFLA_VXLAN_PORT = 15;
    internal const ushort IFLA_VXLAN_GROUP6 = 16;
    internal const ushort IFLA_VXLAN_LOCAL6 = 17;
    internal const ushort IFLA_VXLAN_UDP_CSUM = 18;
    internal const ushort IFLA_VXLAN_UDP_ZERO_CSUM6_TX = 19;
    internal const ushort IFLA_VXLAN_UDP_ZERO_CSUM6_RX = 20;
    internal const ushort IFLA_VXLAN_GBP = 23;
    internal const ushort IFLA_VXLAN_COLLECT_METADATA = 25;
    internal const ushort IFLA_VXLAN_VNIFILTER = 30;

    internal const ushort NETNSA_NSID = 1;
    internal const ushort NETNSA_FD = 3;
    internal const int NETNSA_NSID_NOT_ASSIGNED = -1;

    internal const ushort IFA_ADDRESS = 1;
    internal const ushort IFA_LOCAL = 2;
    internal const ushort IFA_LABEL = 3;
    internal const ushort IFA_BROADCAST = 4;
    internal const ushort IFA_FLAGS = 8;
    internal const ushort IFA_CACHEINFO = 6;
    internal const uint IFA_F_OPTIMISTIC = 0x4;
    internal const uint IFA_F_HOMEADDRESS = 0x10;
    internal const uint IFA_F_NOPREFIXROUTE = 0x200;

    internal const uint IFA_F_SECONDARY = 0x1;
    internal const uint IFA_F_NODAD = 0x2;
    internal const uint IFA_F_DADFAILED = 0x8;
    internal const uint IFA_F_DEPRECATED = 0x20;
    internal const uint IFA_F_TENTATIVE = 0x40;
    internal const uint IFA_F_PERMANENT = 0x80;

    internal const ushort RTA_DST = 1;
    internal const ushort RTA_OIF = 4;
    internal const ushort RTA_GATEWAY = 5;
    internal const ushort RTA_PRIORITY = 6;
    internal const ushort RTA_PREFSRC = 7;
    internal const ushort RTA_TABLE = 15;
    internal const ushort RTA_MULTIPATH = 9;
    internal const ushort RTA_VIA = 18;
    internal const byte RTNH_F_ONLINK = 4;

    internal const byte RTN_UNICAST = 1;
    internal const ushort RTA_METRICS = 8;
    internal const ushort RTA_IIF = 3;
    internal const ushort RTA_SRC = 2;
    internal const ushort RTAX_MTU = 2;
    internal const ushort RTAX_ADVMSS = 8;
    internal const ushort RTAX_HOPLIMIT = 10;
    internal const byte RTPROT_STATIC = 4;

    internal const uint IFF_UP = 0x1;
    internal const uint IFF_NOARP = 0x80;
    internal const uint IFF_PROMISC = 0x100;
    internal const uint IFF_ALLMULTI = 0x200;
}
