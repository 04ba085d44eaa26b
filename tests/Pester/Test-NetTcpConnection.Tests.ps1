BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.70.0.1/24 $b 10.70.0.2/24
    # A listener inside b, through the engine's own API: the socket is created inside the namespace.
    $listener = [PSContainerNet.Engine.Diagnostics.NamespaceSocket]::Open(
        [PSContainerNet.Engine.Namespaces.NamespaceHandle]::Resolve($b), 'InterNetwork', 'Stream', 'Tcp')
    $listener.Bind([System.Net.IPEndPoint]::new([System.Net.IPAddress]::Any, 8080))
    $listener.Listen()
}

AfterAll {
    $listener.Dispose()
    Remove-TestNamespaces
}

Describe 'Test-NetTcpConnection' {
    It 'connects to a listener and reports the source address' {
        $r = Test-NetTcpConnection 10.70.0.2 8080 -Namespace $a
        $r.Success | Should -BeTrue
        $r.SourceAddress | Should -Be '10.70.0.1'
        $r.Error | Should -BeNullOrEmpty
    }

    It 'reports a closed port as ConnectionRefused' {
        $r = Test-NetTcpConnection 10.70.0.2 8081 -Namespace $a
        $r.Success | Should -BeFalse
        $r.Error | Should -Be 'ConnectionRefused'
    }

    It 'returns a boolean with -Quiet and times out on a silent address' {
        Test-NetTcpConnection 10.70.0.2 8080 -Namespace $a -Quiet | Should -BeTrue
        (Test-NetTcpConnection 10.70.0.77 80 -Namespace $a -TimeoutMilliseconds 300).Error | Should -BeLike 'TimedOut*'
    }

    It 'rejects port 0 at parameter binding' {
        { Test-NetTcpConnection 10.70.0.2 0 -Namespace $a } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}
