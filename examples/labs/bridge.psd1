# The seeds' box1/box2 on a bridge: a "host" node holds docker0 (172.17.0.1/16) and forwards; box1 and box2
# each have eth0 on it and a default route through it. Build it with `New-NetLab ./examples/labs/bridge.psd1`:
# the namespaces are bridge-host, bridge-box1 and bridge-box2.
@{
    Name    = 'bridge'
    Nodes   = @{
        host = @{ Forwarding = $true }
        box1 = @{}
        box2 = @{}
    }
    Bridges = @(
        @{ Node = 'host'; Name = 'docker0'; Address = '172.17.0.1/16' }
    )
    Links   = @(
        @{ Node = 'box1'; Name = 'eth0'; Address = '172.17.0.2/16'; Bridge = 'docker0'; PeerName = 'veth-box1' }
        @{ Node = 'box2'; Name = 'eth0'; Address = '172.17.0.3/16'; Bridge = 'docker0'; PeerName = 'veth-box2' }
    )
    Routes  = @(
        @{ Node = 'box1'; Destination = 'default'; Gateway = '172.17.0.1' }
        @{ Node = 'box2'; Destination = 'default'; Gateway = '172.17.0.1' }
    )
}
