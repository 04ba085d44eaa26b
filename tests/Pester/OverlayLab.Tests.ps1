# Runbook 8 (seed-labs.md lab 8): containers on two engines of a swarm talk over an overlay, as VXLAN on the underlay.
BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $engines = Use-TestEngines
    $h1, $h2 = $engines.h1, $engines.h2
}
AfterAll { Stop-TestEngines $engines }

Describe 'Overlay lab runbook' -Skip:([bool]$noDocker) {
    BeforeAll {
        $lab = & (Join-Path $PSScriptRoot '../../examples/OverlayLab.ps1') -ManagerHost $h1 -WorkerHost $h2 -AdvertiseAddress 10.77.0.1 `
            -Image $DockerImage -Prefix $DockerPrefix 6>$null
    }

    It 'forms a swarm of the two engines' {
        $lab.Nodes.Hostname | Should -Be @('pscn-bed-h1', 'pscn-bed-h2')
        $lab.Nodes | ForEach-Object Address | Should -Be @('10.77.0.1', '10.77.0.2')   # (.Address would be the array's own method)
    }

    It 'c1 on host 1 pings c2 on host 2 by name' {
        $lab.PingByName.Success | Should -BeTrue -Because ($lab.PingByName.Output -join "`n")
        $lab.PingByName.Output -join "`n" | Should -Match ([regex]::Escape($lab.C2Address))
        $lab.C2Address | Should -Match '^10\.78\.0\.'
    }

    It 'shows the overlay''s VNI, its two tunnel ends and its namespace' {
        $lab.Overlay.Vnis | Should -Be 4242
        $lab.Overlay.Peers.Address | Should -Be @('10.77.0.1', '10.77.0.2')
        $lab.Overlay.Namespace | Should -Match '^/proc/\d+/root/.*/netns/1-'
    }

    It 'finds the VXLAN link (VNI, port 4789, a port of the overlay bridge) in the overlay''s namespace' {
        $lab.VxlanLink.Kind | Should -Be 'vxlan'
        $lab.VxlanLink.KindProperties.Vni | Should -Be 4242
        $lab.VxlanLink.KindProperties.DestinationPort | Should -Be 4789
        $lab.VxlanLink.Master | Should -Be 'br0'
    }

    It 'sends the pings through the VXLAN tunnel: the link counts at least the three echo requests' {
        $lab.VxlanPacketsSent | Should -BeGreaterOrEqual 3
    }

    It 'leaves no container, swarm or overlay behind' {
        foreach ($dockerHost in $h1, $h2) {
            Get-Container "$DockerPrefix*" -All -DockerHost $dockerHost | Should -BeNullOrEmpty
            docker -H $dockerHost info --format '{{.Swarm.LocalNodeState}}' | Should -Be 'inactive'
            Get-ContainerNetwork "${DockerPrefix}ovl" -DockerHost $dockerHost -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
    }
}
