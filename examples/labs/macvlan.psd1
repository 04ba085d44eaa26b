# Two macvlan networks, isolated at L2 and joined at L3 through a router: "host" has two NICs (veth ends made
# here, never a real uplink), nicA carries 192.168.10.0/24 (a1, a2) and nicB 192.168.20.0/24 (b1); the router
# has a macvlan on each and forwards. a1 reaches a2 directly and b1 one hop away (replies arrive with TTL 63).
@{
    Name   = 'macvlan'
    Nodes  = @{
        host   = @{}
        router = @{ Forwarding = $true }
        a1     = @{}
        a2     = @{}
        b1     = @{}
    }
    Links  = @(
        @{ Node = 'host'; Name = 'nicA'; Peer = 'host'; PeerName = 'nicA-wire' }
        @{ Node = 'host'; Name = 'nicB'; Peer = 'host'; PeerName = 'nicB-wire' }
        @{ Kind = 'macvlan'; Node = 'a1'; Name = 'eth0'; ParentNode = 'host'; Parent = 'nicA'; Mode = 'bridge'; Address = '192.168.10.11/24' }
        @{ Kind = 'macvlan'; Node = 'a2'; Name = 'eth0'; ParentNode = 'host'; Parent = 'nicA'; Mode = 'bridge'; Address = '192.168.10.12/24' }
        @{ Kind = 'macvlan'; Node = 'b1'; Name = 'eth0'; ParentNode = 'host'; Parent = 'nicB'; Mode = 'bridge'; Address = '192.168.20.11/24' }
        @{ Kind = 'macvlan'; Node = 'router'; Name = 'ethA'; ParentNode = 'host'; Parent = 'nicA'; Mode = 'bridge'; Address = '192.168.10.1/24' }
        @{ Kind = 'macvlan'; Node = 'router'; Name = 'ethB'; ParentNode = 'host'; Parent = 'nicB'; Mode = 'bridge'; Address = '192.168.20.1/24' }
    )
    Routes = @(
        @{ Node = 'a1'; Destination = 'default'; Gateway = '192.168.10.1' }
        @{ Node = 'a2'; Destination = 'default'; Gateway = '192.168.10.1' }
        @{ Node = 'b1'; Destination = 'default'; Gateway = '192.168.20.1' }
    )
}
