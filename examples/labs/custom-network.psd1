# A user-defined Docker network with a subnet, a gateway and a static address; containers on it resolve each
# other's names (Docker's embedded DNS), which the default bridge does not do. Needs the image named below
# (tests/make-docker-image.sh makes it from busybox-static).
@{
    Name       = 'custom'
    Networks   = @(
        @{ Name = 'front'; Subnet = '192.168.0.0/24'; Gateway = '192.168.0.1' }
    )
    Containers = @(
        @{ Name = 'web'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'front'; IPAddress = '192.168.0.10' }
        @{ Name = 'client'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'front' }
    )
}
