@{
    RootModule           = 'PSContainerNet.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '2c98b792-2e5c-4d3e-9d40-001a04426c48'
    Author               = 'PSContainerNet contributors'
    CompanyName          = 'PSContainerNet contributors'
    Copyright            = '(c) PSContainerNet contributors. MIT License.'
    Description          = 'Build and verify container network labs from pwsh on Linux: network namespaces, veth pairs, bridges, macvlan, VLAN and VXLAN links over rtnetlink. Linux only (kernel netlink); run as root.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('PSContainerNet.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-NetLink'
        'Get-NetNamespace'
        'New-IpvlanLink'
        'New-MacvlanLink'
        'New-NetBridge'
        'New-NetLink'
        'New-NetNamespace'
        'New-VethPair'
        'New-VlanLink'
        'New-VxlanLink'
        'Remove-NetLink'
        'Remove-NetNamespace'
        'Set-NetLink'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Linux', 'Networking', 'Netlink', 'NetworkNamespace', 'netns', 'veth', 'Bridge', 'Macvlan', 'VXLAN', 'Container', 'Lab', 'PSEdition_Core')
            ReleaseNotes = 'Foundation: rtnetlink engine, iproute2-compatible network namespaces, links (veth, bridge, macvlan, ipvlan, vxlan, vlan).'
        }
    }
}
