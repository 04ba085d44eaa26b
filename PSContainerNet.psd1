@{
    RootModule           = 'PSContainerNet.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '2c98b792-2e5c-4d3e-9d40-001a04426c48'
    Author               = 'PSContainerNet contributors'
    CompanyName          = 'PSContainerNet contributors'
    Copyright            = '(c) PSContainerNet contributors. MIT License.'
    Description          = 'Build and verify container network labs from pwsh on Linux: network namespaces, veth pairs, bridges, macvlan, VLAN and VXLAN links, addresses, routes and sysctls over rtnetlink, commands inside namespaces, in-process ping and TCP checks, NAT (masquerade, SNAT, DNAT) over nf_tables in module-owned tables, and Docker networks and containers over the Engine API (connect, disconnect, macvlan with VLANs) as objects that pipe into the netlink cmdlets. Linux only (kernel netlink); run as root.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('PSContainerNet.Format.ps1xml')
    CmdletsToExport      = @(
        'Add-NatRule'
        'Connect-ContainerNetwork'
        'Disconnect-ContainerNetwork'
        'Export-NetLabGraph'
        'Find-NetRoute'
        'Get-Container'
        'Get-ContainerNetwork'
        'Get-NatRule'
        'Get-NetForwardFilter'
        'Get-NetIPAddress'
        'Get-NetLab'
        'Get-NetLink'
        'Get-NetNamespace'
        'Get-NetNeighbor'
        'Get-NetRoute'
        'Get-NetRoutingRule'
        'Get-NetSysctl'
        'Invoke-NetNamespace'
        'New-Container'
        'New-ContainerNetwork'
        'New-IpvlanLink'
        'New-MacvlanLink'
        'New-MacvlanNetwork'
        'New-NetBridge'
        'New-NetIPAddress'
        'New-NetLab'
        'New-NetLink'
        'New-NetNamespace'
        'New-NetNeighbor'
        'New-NetRoute'
        'New-NetRoutingRule'
        'New-VethPair'
        'New-VlanLink'
        'New-VxlanLink'
        'Remove-Container'
        'Remove-ContainerNetwork'
        'Remove-NatRule'
        'Remove-NetIPAddress'
        'Remove-NetLab'
        'Remove-NetLink'
        'Remove-NetNamespace'
        'Remove-NetNeighbor'
        'Remove-NetRoute'
        'Remove-NetRoutingRule'
        'Set-NetLink'
        'Set-NetSysctl'
        'Test-NetLab'
        'Test-NetPing'
        'Test-NetTcpConnection'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Linux', 'Networking', 'Netlink', 'NetworkNamespace', 'netns', 'veth', 'Bridge', 'Macvlan', 'VXLAN', 'Container', 'Lab', 'NAT', 'nftables', 'Docker', 'Runbook', 'PSEdition_Core')
            ReleaseNotes = 'Namespaces and links (veth, bridge, macvlan, ipvlan, vxlan, vlan); addresses, routes, per-namespace sysctls; Invoke-NetNamespace; Test-NetPing and Test-NetTcpConnection; Add/Get/Remove-NatRule over nf_tables; Docker networks and containers (Get/New/Remove-ContainerNetwork, Connect/Disconnect-ContainerNetwork, New-MacvlanNetwork, Get/New/Remove-Container) over a built-in Engine API client; New/Get/Remove-NetLab build, find and remove whole labs from a definition, Test-NetLab checks their reachability and explains failures, Export-NetLabGraph draws them (Mermaid, DOT, SVG).'
        }
    }
}
