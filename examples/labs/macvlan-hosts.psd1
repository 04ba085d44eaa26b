# The seeds' macvlan lab (lab 7) across two Docker hosts: one macvlan network per engine on its ul0, the link both
# hosts have on one layer-2 segment, with one subnet and a range of addresses per host; c1 on h1 and c2 on h2 reach each
# other directly (no bridge, NAT or tunnel). The Hosts are the engines examples/try-across-hosts.sh and the test suite
# start in network namespaces of their own (tests/engines.sh).
@{
    Name       = 'mvhosts'
    Hosts      = @{
        h1 = 'unix:///run/pscn-bed/h1/docker.sock'
        h2 = 'unix:///run/pscn-bed/h2/docker.sock'
    }
    Networks   = @(
        @{ Name = 'mv'; Driver = 'macvlan'; Parent = 'ul0'; Host = 'h1', 'h2'; Subnet = '10.79.0.0/24'; IPRange = @{ h1 = '10.79.0.64/27'; h2 = '10.79.0.96/27' } }
    )
    Containers = @(
        @{ Name = 'c1'; Host = 'h1'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'mv'; IPAddress = '10.79.0.11' }
        @{ Name = 'c2'; Host = 'h2'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'mv'; IPAddress = '10.79.0.12' }
    )
}
