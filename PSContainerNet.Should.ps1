# Run by Import-Module PSContainerNet in the importer's session (ScriptsToProcess). When Pester 5 is loaded, it registers
# Should -Reach for runbooks; without Pester it does nothing, so the module never needs Pester.
if (-not (Get-Command Add-ShouldOperator -ErrorAction Ignore) -or (Get-ShouldOperator).Name -contains 'Reach') { return }

Add-ShouldOperator -Name Reach -Test {
    <#
    .SYNOPSIS
        Whether lab paths reach: Test-NetLab's results piped in, or a lab node (from Get-NetLab's Nodes) and the
        name of another node of its lab. The failure message carries Test-NetLab's reasons.
    .EXAMPLE
        Test-NetLab bridge -Expect @{ From = 'box1'; To = 'box2' } | Should -Reach
    .EXAMPLE
        (Get-NetLab bridge).Nodes | Where-Object Name -eq box1 | Should -Not -Reach wan
    #>
    param($ActualValue, $ExpectedValue, [switch] $Negate, [string] $Because)
    $paths = foreach ($item in @($ActualValue)) {
        if ($item -is [PSContainerNet.Engine.Labs.NetLabPath]) { $item }
        elseif ($item -is [PSContainerNet.Engine.Labs.NetLabNode] -and $ExpectedValue) {
            Test-NetLab $item.Lab -Expect @{ From = $item.Name; To = [string] $ExpectedValue }
        }
        else {
            throw "Should -Reach takes Test-NetLab's results, or a lab node with the name of another node (Should -Reach box2); it got $item"
        }
    }
    $wrong = @($paths | Where-Object { $_.Reachable -eq [bool] $Negate })
    $succeeded = $paths.Count -gt 0 -and $wrong.Count -eq 0
    $because = if ($Because) { " because $Because" } else { '' }
    $failure = if ($paths.Count -eq 0) { "Expected lab paths to test$because, but there were none (no addresses of the target?)." }
        elseif (-not $succeeded) {
            $lines = $wrong | ForEach-Object { "  $($_.From) -> $($_.To) ($($_.Target)$(if ($_.Port) { " TCP $($_.Port)" }))$(if ($_.Reason) { ": $($_.Reason)" } elseif ($Negate) { ': it answered' })" }
            "Expected $(if ($Negate) { 'no path to reach' } else { 'every path to reach' })$because, but:`n$($lines -join "`n")"
        }
    [pscustomobject]@{ Succeeded = $succeeded; FailureMessage = $failure }
}
