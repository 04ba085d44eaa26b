BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $a = New-TestNamespace 'a'
    $b = New-TestNamespace 'b'
    Connect-TestNamespaces $a 10.233.71.1/24 $b 10.233.71.2/24
}
AfterAll { Remove-TestNamespaces }

Describe 'Set-NetLinkImpairment' {
    AfterEach { Remove-NetLinkImpairment a-b -Namespace $a -Confirm:$false -ErrorAction SilentlyContinue }

    It 'limits a link to a rate with a token bucket, as tc shows it' {
        $impairment = Set-NetLinkImpairment a-b -Namespace $a -Rate 2mbit -PassThru
        $impairment.Kind | Should -Be 'tbf'
        $impairment.Rate | Should -Be 2000000
        (tc -n $a qdisc show dev a-b) | Should -Match 'qdisc tbf \w+: root .*rate 2Mbit burst \d+b'
        Test-NetPing 10.233.71.2 -Namespace $a -Count 1 -Quiet | Should -BeTrue
    }

    It 'sends netem''s request exactly as tc does, and says in the kernel''s words when netem is missing' {
        $writes = Get-NetlinkWrites { Set-NetLinkImpairment a-b -Namespace $a -Delay 10ms -Jitter 2ms -Loss 1 -ErrorAction SilentlyContinue -ErrorVariable script:err }
        $ours = $writes | Where-Object { [BitConverter]::ToUInt16($_, 4) -eq 36 } | Select-Object -First 1
        $log = New-TemporaryFile
        try {
            strace -f -e trace=sendmsg -e write=all -o $log tc -n $a qdisc replace dev a-b root netem delay 10ms 2ms loss 1% 2>$null
            # strace -e write=all dumps each write as "| 00000  64 04 00 00 24 00 ...": 16 bytes a line, a gap after the eighth.
            $hex = (Get-Content $log | ForEach-Object { [regex]::Match($_, '^\s*\| [0-9a-f]{5}  (?<hex>[0-9a-f ]{1,49})').Groups['hex'].Value }) -join ' '
            $theirs = [byte[]] ($hex -split '\s+' | Where-Object { $_ } | ForEach-Object { [Convert]::ToByte($_, 16) })
        }
        finally { Remove-Item $log }
        $ours.Length | Should -Be $theirs.Length
        # Sequence number and port differ by nature (bytes 8-15); everything else is tc's.
        [Convert]::ToHexString($ours[16..($ours.Length - 1)]) | Should -Be ([Convert]::ToHexString($theirs[16..($theirs.Length - 1)]))
        [Convert]::ToHexString($ours[0..7]) | Should -Be ([Convert]::ToHexString($theirs[0..7]))
        if ($err) {
            $err[0].CategoryInfo.Category | Should -Be 'NotImplemented'
            $err[0].Exception.Message | Should -BeLike "*this kernel has no 'netem' qdisc (Specified qdisc kind is unknown*"
            Set-ItResult -Skipped -Because $err[0].Exception.Message
        }
    }

    It 'refuses what netem cannot do before sending anything' {
        Set-NetLinkImpairment a-b -Namespace $a -Reorder 25 -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -BeLike '*give -Delay too*'
        Set-NetLinkImpairment a-b -Namespace $a -Rate fast -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike "'fast' is not a rate*1mbit*"
        Set-NetLinkImpairment a-b -Namespace $a -ErrorAction SilentlyContinue -ErrorVariable err
        $err[0].Exception.Message | Should -BeLike '*needs a rate, or a delay*'
    }

    It 'changes nothing with -WhatIf' {
        Set-NetLinkImpairment a-b -Namespace $a -Rate 1mbit -WhatIf
        Get-NetLinkImpairment a-b -Namespace $a | Should -BeNullOrEmpty
    }
}
