# SNAT out and DNAT in: "wan" stands in for the outside world (10.200.0.0/24); "router" masquerades the lab's
# 172.30.0.0/24 out of wan0 and forwards its port 8080 to box1:80. Traffic never leaves these namespaces.
@{
    Name    = 'nat'
    Nodes   = @{
        router = @{ Forwarding = $true }
        wan    = @{}
        box1   = @{}
    }
    Bridges = @(
        @{ Node = 'router'; Name = 'br0'; Address = '172.30.0.1/24' }
    )
    Links   = @(
        @{ Node = 'router'; Name = 'wan0'; Address = '10.200.0.1/24'; Peer = 'wan'; PeerName = 'eth0'; PeerAddress = '10.200.0.2/24' }
        @{ Node = 'box1'; Name = 'eth0'; Address = '172.30.0.2/24'; Bridge = 'br0' }
    )
    Routes  = @(
        @{ Node = 'box1'; Destination = 'default'; Gateway = '172.30.0.1' }
    )
    Nat     = @(
        @{ Node = 'router'; Action = 'Masquerade'; SourcePrefix = '172.30.0.0/24'; OutInterface = 'wan0'; Comment = 'out' }
        @{ Node = 'router'; Action = 'Dnat'; Protocol = 'tcp'; DestinationPort = '8080'; ToAddress = '172.30.0.2'; ToPort = '80'; InInterface = 'wan0'; Comment = 'web' }
    )
}
