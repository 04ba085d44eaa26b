# One container connected to two networks reaches both; the others stay isolated (Docker keeps its bridges
# apart). Test it with: Test-NetLab two -Expect @{ From = 'both'; To = 'ona' }, @{ From = 'both'; To = 'onb' },
#                                   @{ From = 'ona'; To = 'onb'; Reachable = $false }
@{
    Name       = 'two'
    Networks   = @(
        @{ Name = 'a'; Subnet = '10.233.4.0/24' }
        @{ Name = 'b'; Subnet = '10.233.5.0/24' }
    )
    Containers = @(
        @{ Name = 'ona'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'a'; IPAddress = '10.233.4.11' }
        @{ Name = 'onb'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'b'; IPAddress = '10.233.5.11' }
        @{ Name = 'both'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'a'; IPAddress = '10.233.4.10'
           Connect = @( @{ Network = 'b'; IPAddress = '10.233.5.10' } ) }
    )
}
