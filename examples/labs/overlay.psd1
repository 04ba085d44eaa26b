# The seeds' overlay lab (lab 8) across two Docker engines: the lab forms a swarm (h1 the manager, h2 a worker) and an
# attachable overlay network 10.78.0.0/24, carried between the hosts as VXLAN 4242 (UDP 4789); c1 on h1 and c2 on h2
# reach each other by name. The Hosts are the engines examples/try-across-hosts.sh and the test suite start in network
# namespaces of their own (tests/engines.sh); name your own engines there (tcp://HOST:2376 with TLS, or unix://).
@{
    Name       = 'overlay'
    Hosts      = @{
        h1 = 'unix:///run/pscn-bed/h1/docker.sock'
        h2 = 'unix:///run/pscn-bed/h2/docker.sock'
    }
    Swarm      = @{ Manager = 'h1'; AdvertiseAddress = '10.77.0.1' }
    Networks   = @(
        @{ Name = 'ovl'; Driver = 'overlay'; Subnet = '10.78.0.0/24'; VxlanId = 4242 }
    )
    Containers = @(
        @{ Name = 'c1'; Host = 'h1'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'ovl'; IPAddress = '10.78.0.11'; Alias = 'c1' }
        @{ Name = 'c2'; Host = 'h2'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'ovl'; IPAddress = '10.78.0.12'; Alias = 'c2' }
    )
}
