# A branch office behind a slow link: box1 reaches "wan" through a router, over an access link limited to 1 Mbit/s
# each way (tbf, every kernel has it). For delay, loss and the rest, give Impair netem settings, as
# Impair = @{ Delay = '40ms'; Jitter = '5ms'; Loss = 0.5 } (a kernel without netem refuses them in its own words).
@{
    Name   = 'impaired'
    Nodes  = @{
        box1   = @{}
        router = @{ Forwarding = $true }
        wan    = @{}
    }
    Links  = @(
        @{
            Node = 'box1'; Name = 'eth0'; Address = '10.240.1.2/24'; Peer = 'router'; PeerName = 'eth0'; PeerAddress = '10.240.1.1/24'
            Impair = @{ Rate = '1mbit' }; PeerImpair = @{ Rate = '1mbit' }
        }
        @{ Node = 'router'; Name = 'eth1'; Address = '10.240.2.1/24'; Peer = 'wan'; PeerName = 'eth0'; PeerAddress = '10.240.2.2/24' }
    )
    Routes = @(
        @{ Node = 'box1'; Destination = 'default'; Gateway = '10.240.1.1' }
        @{ Node = 'wan'; Destination = '10.240.1.0/24'; Gateway = '10.240.2.1' }
    )
}
