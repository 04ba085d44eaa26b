# The branch office of impaired.psd1, grown while it runs: a server behind the router (10.240.3.0/24), the access link
# upgraded to 2 Mbit/s each way, and wan's way back narrowed to the two office subnets. `Set-NetLab` makes a running
# "impaired" lab match it, only the differences (-WhatIf lists them first); `Set-NetLab ./impaired.psd1` takes it back.
@{
    Name   = 'impaired'
    Nodes  = @{
        box1   = @{}
        router = @{ Forwarding = $true }
        wan    = @{}
        server = @{}
    }
    Links  = @(
        @{
            Node = 'box1'; Name = 'eth0'; Address = '10.240.1.2/24'; Peer = 'router'; PeerName = 'eth0'; PeerAddress = '10.240.1.1/24'
            Impair = @{ Rate = '2mbit' }; PeerImpair = @{ Rate = '2mbit' }
        }
        @{ Node = 'router'; Name = 'eth1'; Address = '10.240.2.1/24'; Peer = 'wan'; PeerName = 'eth0'; PeerAddress = '10.240.2.2/24' }
        @{ Node = 'router'; Name = 'eth2'; Address = '10.240.3.1/24'; Peer = 'server'; PeerName = 'eth0'; PeerAddress = '10.240.3.2/24' }
    )
    Routes = @(
        @{ Node = 'box1'; Destination = 'default'; Gateway = '10.240.1.1' }
        @{ Node = 'server'; Destination = 'default'; Gateway = '10.240.3.1' }
        @{ Node = 'wan'; Destination = '10.240.0.0/22'; Gateway = '10.240.2.1' }
    )
}
