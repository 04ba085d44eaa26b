BeforeDiscovery { . (Join-Path $PSScriptRoot 'Common.ps1'); $noDocker = Get-DockerSkipReason }
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $engines = Use-TestEngines
    $h1, $h2 = $engines.h1, $engines.h2
    $null = New-TestSwarm $engines
}
AfterAll { Stop-TestEngines $engines }

Describe 'Get-ContainerSwarmNode' -Skip:([bool]$noDocker) {
    It 'lists what docker node ls lists: hostname, role, availability, state, manager status, address' {
        $nodes = Get-ContainerSwarmNode -DockerHost $h1
        $oracle = docker -H $h1 node ls --format '{{.ID}} {{.Hostname}} {{.Status}} {{.Availability}} {{.ManagerStatus}}'
        $nodes | ForEach-Object { "$($_.Id) $($_.Hostname) $((Get-Culture).TextInfo.ToTitleCase($_.State)) $((Get-Culture).TextInfo.ToTitleCase($_.Availability)) $($_.ManagerStatus)" } |
            Sort-Object | Should -Be ($oracle | Sort-Object)
        ($nodes | Where-Object Hostname -eq 'pscn-bed-h2').Address | Should -Be '10.77.0.2'
        ($nodes | Where-Object IsSelf).Hostname | Should -Be 'pscn-bed-h1'
        ($nodes | Where-Object Role -eq 'manager').IsLeader | Should -BeTrue
    }

    It 'filters by hostname wildcard, id prefix and role' {
        (Get-ContainerSwarmNode '*h2' -DockerHost $h1).Hostname | Should -Be 'pscn-bed-h2'
        $id = (Get-ContainerSwarmNode pscn-bed-h1 -DockerHost $h1).Id
        (Get-ContainerSwarmNode $id.Substring(0, 6) -DockerHost $h1).Hostname | Should -Be 'pscn-bed-h1'
        (Get-ContainerSwarmNode -Role worker -DockerHost $h1).Hostname | Should -Be 'pscn-bed-h2'
    }

    It 'reports an unknown node as ObjectNotFound' {
        Get-ContainerSwarmNode nosuchnode -DockerHost $h1 -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be 'nosuchnode'
    }

    It 'tells a worker to ask a manager, naming it' {
        Get-ContainerSwarmNode -DockerHost $h2 -ErrorAction SilentlyContinue -ErrorVariable err | Should -BeNullOrEmpty
        $err[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err[0].Exception.Message | Should -BeLike '*is a swarm worker*10.77.0.1:2377*'
    }

    It 'formats as a docker node ls table with the asking engine starred' {
        $text = Get-ContainerSwarmNode -DockerHost $h1 | Out-String -Width 120
        $text | Should -Match 'Hostname\s+Status\s+Availability\s+ManagerStatus\s+Address'
        $text | Should -Match '\* pscn-bed-h1\s+Ready\s+Active\s+Leader\s+10\.77\.0\.1'
    }
}
