# Docker's network modes: bridge (owner), container:NAME (sharer: owner's namespace, same eth0 and address),
# none (only lo), host (the host's own stack). Only owner and isolated get namespaces of their own, so only
# they are lab nodes.
@{
    Name       = 'modes'
    Containers = @(
        @{ Name = 'owner'; Image = 'pscn-busybox'; Command = 'sleep', '3600' }
        @{ Name = 'sharer'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'container:owner' }
        @{ Name = 'isolated'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'none' }
        @{ Name = 'onhost'; Image = 'pscn-busybox'; Command = 'sleep', '3600'; Network = 'host' }
    )
}
