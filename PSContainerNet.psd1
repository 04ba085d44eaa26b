@{
    RootModule           = 'PSContainerNet.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '2c98b792-2e5c-4d3e-9d40-001a04426c48'
    Author               = 'PSContainerNet contributors'
    CompanyName          = 'PSContainerNet contributors'
    Copyright            = '(c) PSContainerNet contributors. MIT License.'
    Description          = 'Build and verify container network labs from pwsh on Linux: network namespaces, veth pairs, bridges, macvlan, VLAN and VXLAN links, addresses, routes and sysctls over rtnetlink, commands inside namespaces, in-process ping and TCP checks, and NAT (masquerade, SNAT, DNAT) over nf_tables in module-owned tables. Linux only (kernel netlink); run as root.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('PSContainerNet.Format.ps1xml')
    CmdletsToExport      = @(
        'Add-NatRule'
        'Get-NatRule'
        'Get-NetForwardFilter'
        'Get-NetIPAddress'
        'Get-NetLink'
        'Get-NetNamespace'
        'Get-NetRoute'
        'Get-NetSysctl'
        'Invoke-NetNamespace'
        'New-IpvlanLink'
        'New-MacvlanLink'
        'New-NetBridge'
        'New-NetIPAddress'
        'New-NetLink'
        'New-NetNamespace'
        'New-NetRoute'
        'New-VethPair'
        'New-VlanLink'
        'New-VxlanLink'
        'Remove-NatRule'
        'Remove-NetIPAddress'
        'Remove-NetLink'
        'Remove-NetNamespace'
        'Remove-NetRoute'
        'Set-NetLink'
        'Set-NetSysctl'
        'Test-NetPing'
        'Test-NetTcpConnection'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Linux', 'Networking', 'Netlink', 'NetworkNamespace', 'netns', 'veth', 'Bridge', 'Macvlan', 'VXLAN', 'Container', 'Lab', 'NAT', 'nftables', 'PSEdition_Core')
            ReleaseNotes = 'Namespaces and links (veth, bridge, macvlan, ipvlan, vxlan, vlan); addresses, routes, per-namespace sysctls; Invoke-NetNamespace; Test-NetPing and Test-NetTcpConnection; Add/Get/Remove-NatRule over nf_tables.'
        }
    }
}
