# Across hosts: two "host" namespaces joined by an underlay veth (10.99.0.0/24) carry an overlay 10.42.0.0/24
# in VXLAN VNI 42 (UDP 4789), the way Docker's overlay networks do between machines.
@{
    Name  = 'vxlan'
    Nodes = @{
        host1 = @{}
        host2 = @{}
    }
    Links = @(
        @{ Node = 'host1'; Name = 'underlay'; Address = '10.99.0.1/24'; Peer = 'host2'; PeerName = 'underlay'; PeerAddress = '10.99.0.2/24' }
        @{ Kind = 'vxlan'; Node = 'host1'; Name = 'vx42'; Vni = 42; Remote = '10.99.0.2'; Local = '10.99.0.1'; Device = 'underlay'; Address = '10.42.0.1/24' }
        @{ Kind = 'vxlan'; Node = 'host2'; Name = 'vx42'; Vni = 42; Remote = '10.99.0.1'; Local = '10.99.0.2'; Device = 'underlay'; Address = '10.42.0.2/24' }
    )
}
