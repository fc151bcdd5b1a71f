
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'rdc' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'rdc'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'rdc' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Contexts, machines and their proxy (infra) settings')
            [CompletionResult]::new('repo', 'repo', [CompletionResultType]::ParameterValue, 'Repositories: create, start (up --mount), stop, status')
            [CompletionResult]::new('route-server', 'route-server', [CompletionResultType]::ParameterValue, 'Host side: serve Traefik routes from the repositories'' Docker labels')
            [CompletionResult]::new('compose', 'compose', [CompletionResultType]::ParameterValue, 'Host side: docker compose on a repository''s daemon (from a Rediaccfile)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Server-side helpers called over SSH')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;context' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a context (the first one becomes the current context)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List contexts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (default: the selected one)')
            [CompletionResult]::new('current', 'current', [CompletionResultType]::ParameterValue, 'Print the name of the selected context')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make NAME the current context')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a context')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a context and everything it holds')
            [CompletionResult]::new('set-ssh', 'set-ssh', [CompletionResultType]::ParameterValue, 'Set the SSH private key used for the context''s machines')
            [CompletionResult]::new('add-machine', 'add-machine', [CompletionResultType]::ParameterValue, 'Add a machine (a server reachable over SSH) to the context')
            [CompletionResult]::new('set-machine', 'set-machine', [CompletionResultType]::ParameterValue, 'Change a machine''s connection settings')
            [CompletionResult]::new('remove-machine', 'remove-machine', [CompletionResultType]::ParameterValue, 'Remove a machine from the context')
            [CompletionResult]::new('machines', 'machines', [CompletionResultType]::ParameterValue, 'List the context''s machines')
            [CompletionResult]::new('scan-keys', 'scan-keys', [CompletionResultType]::ParameterValue, 'Pin machines'' SSH host keys (ssh-keyscan), for strict host-key checking')
            [CompletionResult]::new('set-infra', 'set-infra', [CompletionResultType]::ParameterValue, 'Store a machine''s proxy settings: public IPs, domain, TLS, extra ports')
            [CompletionResult]::new('show-infra', 'show-infra', [CompletionResultType]::ParameterValue, 'Show a machine''s proxy settings (the token is shown as ***)')
            [CompletionResult]::new('render-infra', 'render-infra', [CompletionResultType]::ParameterValue, 'Render every file push-infra would write, without touching the server')
            [CompletionResult]::new('push-infra', 'push-infra', [CompletionResultType]::ParameterValue, 'Install or update the proxy on a machine over SSH: plan, diff, confirm, apply, verify')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;context;create' {
            [CompletionResult]::new('--ssh-key', '--ssh-key', [CompletionResultType]::ParameterName, 'Private key for SSH to every machine of the context (default: ssh''s own: agent, ~/.ssh/id_*, ~/.ssh/config)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;list' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;show' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;current' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;use' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;rename' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;delete' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;set-ssh' {
            [CompletionResult]::new('--ssh-key', '--ssh-key', [CompletionResultType]::ParameterName, 'Path of the private key')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;add-machine' {
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'SSH address: an IP address or a host name')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'SSH user (root, or a user with passwordless sudo)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'SSH port')
            [CompletionResult]::new('--datastore', '--datastore', [CompletionResultType]::ParameterName, 'Where repositories live on the server')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Root under which every server path is installed')
            [CompletionResult]::new('--service-manager', '--service-manager', [CompletionResultType]::ParameterName, 'How services are started on the server: systemd (install units, restart what changed) or none (install files only; the plan says how to start the services)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;set-machine' {
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'New SSH address (drops the pinned host key)')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'New SSH user')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'New SSH port')
            [CompletionResult]::new('--datastore', '--datastore', [CompletionResultType]::ParameterName, 'Where repositories live on the server')
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'Root under which every server path is installed')
            [CompletionResult]::new('--service-manager', '--service-manager', [CompletionResultType]::ParameterName, 'How services are started on the server: systemd (install units, restart what changed) or none (install files only; the plan says how to start the services)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;remove-machine' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;machines' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;scan-keys' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;set-infra' {
            [CompletionResult]::new('--public-ipv4', '--public-ipv4', [CompletionResultType]::ParameterName, 'Public IPv4 address Traefik listens on')
            [CompletionResult]::new('--public-ipv6', '--public-ipv6', [CompletionResultType]::ParameterName, 'Public IPv6 address Traefik listens on')
            [CompletionResult]::new('--base-domain', '--base-domain', [CompletionResultType]::ParameterName, 'Base domain of the automatic routes {service}-{networkID}.{domain}')
            [CompletionResult]::new('--cert-email', '--cert-email', [CompletionResultType]::ParameterName, 'E-mail of the Let''s Encrypt account')
            [CompletionResult]::new('--cf-dns-token', '--cf-dns-token', [CompletionResultType]::ParameterName, 'Cloudflare API token (Zone:DNS:Edit) for DNS-01; `-` reads it from stdin (keeps it out of shell history and the process list)')
            [CompletionResult]::new('--tcp-ports', '--tcp-ports', [CompletionResultType]::ParameterName, 'Extra TCP ports with a tcp-<port> entrypoint, e.g. 25,143,465,587,993 (replaces the list)')
            [CompletionResult]::new('--udp-ports', '--udp-ports', [CompletionResultType]::ParameterName, 'Extra UDP ports with a udp-<port> entrypoint, e.g. 5353 (replaces the list)')
            [CompletionResult]::new('--route-listen', '--route-listen', [CompletionResultType]::ParameterName, 'Loopback address of the route server [default: 127.0.0.1:7111]')
            [CompletionResult]::new('--admin-listen', '--admin-listen', [CompletionResultType]::ParameterName, 'Loopback address of Traefik''s ping entrypoint [default: 127.0.0.1:7112]')
            [CompletionResult]::new('--unset', '--unset', [CompletionResultType]::ParameterName, 'Remove a setting (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;show-infra' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;render-infra' {
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Write the files below this directory instead of printing them')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;push-infra' {
            [CompletionResult]::new('--rdc-binary', '--rdc-binary', [CompletionResultType]::ParameterName, 'rdc binary to install on the server (default: this executable; use another for a server of another architecture)')
            [CompletionResult]::new('--traefik-binary', '--traefik-binary', [CompletionResultType]::ParameterName, 'Traefik binary to install on the server (default: use the one already there)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the plan and the diff, change nothing')
            [CompletionResult]::new('--allow-downgrade', '--allow-downgrade', [CompletionResultType]::ParameterName, 'Install this rdc even when the server runs a newer version')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;context;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a context (the first one becomes the current context)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List contexts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (default: the selected one)')
            [CompletionResult]::new('current', 'current', [CompletionResultType]::ParameterValue, 'Print the name of the selected context')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make NAME the current context')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a context')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a context and everything it holds')
            [CompletionResult]::new('set-ssh', 'set-ssh', [CompletionResultType]::ParameterValue, 'Set the SSH private key used for the context''s machines')
            [CompletionResult]::new('add-machine', 'add-machine', [CompletionResultType]::ParameterValue, 'Add a machine (a server reachable over SSH) to the context')
            [CompletionResult]::new('set-machine', 'set-machine', [CompletionResultType]::ParameterValue, 'Change a machine''s connection settings')
            [CompletionResult]::new('remove-machine', 'remove-machine', [CompletionResultType]::ParameterValue, 'Remove a machine from the context')
            [CompletionResult]::new('machines', 'machines', [CompletionResultType]::ParameterValue, 'List the context''s machines')
            [CompletionResult]::new('scan-keys', 'scan-keys', [CompletionResultType]::ParameterValue, 'Pin machines'' SSH host keys (ssh-keyscan), for strict host-key checking')
            [CompletionResult]::new('set-infra', 'set-infra', [CompletionResultType]::ParameterValue, 'Store a machine''s proxy settings: public IPs, domain, TLS, extra ports')
            [CompletionResult]::new('show-infra', 'show-infra', [CompletionResultType]::ParameterValue, 'Show a machine''s proxy settings (the token is shown as ***)')
            [CompletionResult]::new('render-infra', 'render-infra', [CompletionResultType]::ParameterValue, 'Render every file push-infra would write, without touching the server')
            [CompletionResult]::new('push-infra', 'push-infra', [CompletionResultType]::ParameterValue, 'Install or update the proxy on a machine over SSH: plan, diff, confirm, apply, verify')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;context;help;create' {
            break
        }
        'rdc;context;help;list' {
            break
        }
        'rdc;context;help;show' {
            break
        }
        'rdc;context;help;current' {
            break
        }
        'rdc;context;help;use' {
            break
        }
        'rdc;context;help;rename' {
            break
        }
        'rdc;context;help;delete' {
            break
        }
        'rdc;context;help;set-ssh' {
            break
        }
        'rdc;context;help;add-machine' {
            break
        }
        'rdc;context;help;set-machine' {
            break
        }
        'rdc;context;help;remove-machine' {
            break
        }
        'rdc;context;help;machines' {
            break
        }
        'rdc;context;help;scan-keys' {
            break
        }
        'rdc;context;help;set-infra' {
            break
        }
        'rdc;context;help;show-infra' {
            break
        }
        'rdc;context;help;render-infra' {
            break
        }
        'rdc;context;help;push-infra' {
            break
        }
        'rdc;context;help;help' {
            break
        }
        'rdc;repo' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a repository on a machine: an image, a network id, a credential')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Mount (with --mount), start its Docker daemon, run its Rediaccfiles: prep() then up()')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Run down() in its Rediaccfiles; with --unmount also stop its daemon and unmount it')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Copy a local directory into a mounted repository')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a repository''s settings: the domains only it may route')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a repository''s state on its machine')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the repositories of the context (with --live, as the machines see them)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a repository: its containers, daemon, image and state on the server, then its entry')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'A repository''s containers: service, state, health, address, routes')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A repository''s logs, streamed (-f to follow)')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command in a service''s container (with a terminal when stdin is one)')
            [CompletionResult]::new('term', 'term', [CompletionResultType]::ParameterValue, 'A shell on the server whose docker talks to the repository''s daemon')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Recreate a service, or every service')
            [CompletionResult]::new('autostart', 'autostart', [CompletionResultType]::ParameterValue, 'Bring repositories back after a reboot: enable, disable, list')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;repo;create' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Machine that hosts it')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Machine that hosts it')
            [CompletionResult]::new('--size', '--size', [CompletionResultType]::ParameterName, 'Size of the (sparse) image, e.g. 10G or 500M')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Put the files of this local directory (compose files, Rediaccfile…) into the new repository')
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'A host name only this repository may route (repeatable; `*.example.com` covers every name below example.com). Other repositories'' claims on it are refused')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--no-encrypt', '--no-encrypt', [CompletionResultType]::ParameterName, 'Do not encrypt the image (LUKS needs device-mapper on the server); the repository is then stored in plain text, and `repo status` says so')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;up' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--mount', '--mount', [CompletionResultType]::ParameterName, 'Mount the image first if it is not mounted')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once when another operation on the repository is running (default: wait)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;down' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds each down() hook, and then each container, gets to stop before it is killed (a container''s own stop_grace_period counts when it is shorter)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--unmount', '--unmount', [CompletionResultType]::ParameterName, 'Also stop its Docker daemon and unmount the image')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once when another operation on the repository is running (default: wait)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;sync' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Local directory whose files are copied to the repository''s root')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--no-wait', '--no-wait', [CompletionResultType]::ParameterName, 'Fail at once when another operation on the repository is running (default: wait)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;set' {
            [CompletionResult]::new('--domain', '--domain', [CompletionResultType]::ParameterName, 'A host name only this repository may route (repeatable; `*.example.com` covers every name below example.com)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--no-domains', '--no-domains', [CompletionResultType]::ParameterName, 'Remove every declared domain')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;status' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;list' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Only this machine (with --live); repeatable')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Only this machine (with --live); repeatable')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--live', '--live', [CompletionResultType]::ParameterName, 'Ask the machines what is running (default: the config only)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;delete' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'The machine of an orphaned image')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'The machine of an orphaned image')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds the containers get to stop before they are killed')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--orphan', '--orphan', [CompletionResultType]::ParameterName, 'NAME is the GUID of an orphaned image (see rdc repo list --live); needs -m')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;ps' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;logs' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--tail', '--tail', [CompletionResultType]::ParameterName, 'Only the last N lines of each container')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Keep following new lines')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep following new lines')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;exec' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;term' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;restart' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;autostart' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Bring the repository back at boot')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop bringing it back (it keeps running)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The repositories with autostart on the context''s machines')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;repo;autostart;enable' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;autostart;disable' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Its machine (default: the one it was created on)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;autostart;list' {
            [CompletionResult]::new('-m', '-m', [CompletionResultType]::ParameterName, 'Only this machine (repeatable)')
            [CompletionResult]::new('--machine', '--machine', [CompletionResultType]::ParameterName, 'Only this machine (repeatable)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;repo;autostart;help' {
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Bring the repository back at boot')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop bringing it back (it keeps running)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The repositories with autostart on the context''s machines')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;repo;autostart;help;enable' {
            break
        }
        'rdc;repo;autostart;help;disable' {
            break
        }
        'rdc;repo;autostart;help;list' {
            break
        }
        'rdc;repo;autostart;help;help' {
            break
        }
        'rdc;repo;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a repository on a machine: an image, a network id, a credential')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Mount (with --mount), start its Docker daemon, run its Rediaccfiles: prep() then up()')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Run down() in its Rediaccfiles; with --unmount also stop its daemon and unmount it')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Copy a local directory into a mounted repository')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a repository''s settings: the domains only it may route')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a repository''s state on its machine')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the repositories of the context (with --live, as the machines see them)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a repository: its containers, daemon, image and state on the server, then its entry')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'A repository''s containers: service, state, health, address, routes')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A repository''s logs, streamed (-f to follow)')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command in a service''s container (with a terminal when stdin is one)')
            [CompletionResult]::new('term', 'term', [CompletionResultType]::ParameterValue, 'A shell on the server whose docker talks to the repository''s daemon')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Recreate a service, or every service')
            [CompletionResult]::new('autostart', 'autostart', [CompletionResultType]::ParameterValue, 'Bring repositories back after a reboot: enable, disable, list')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;repo;help;create' {
            break
        }
        'rdc;repo;help;up' {
            break
        }
        'rdc;repo;help;down' {
            break
        }
        'rdc;repo;help;sync' {
            break
        }
        'rdc;repo;help;set' {
            break
        }
        'rdc;repo;help;status' {
            break
        }
        'rdc;repo;help;list' {
            break
        }
        'rdc;repo;help;delete' {
            break
        }
        'rdc;repo;help;ps' {
            break
        }
        'rdc;repo;help;logs' {
            break
        }
        'rdc;repo;help;exec' {
            break
        }
        'rdc;repo;help;term' {
            break
        }
        'rdc;repo;help;restart' {
            break
        }
        'rdc;repo;help;autostart' {
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Bring the repository back at boot')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop bringing it back (it keeps running)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The repositories with autostart on the context''s machines')
            break
        }
        'rdc;repo;help;autostart;enable' {
            break
        }
        'rdc;repo;help;autostart;disable' {
            break
        }
        'rdc;repo;help;autostart;list' {
            break
        }
        'rdc;repo;help;help' {
            break
        }
        'rdc;route-server' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Loopback address of the HTTP API [default: 127.0.0.1:7111]')
            [CompletionResult]::new('--sockets', '--sockets', [CompletionResultType]::ParameterName, 'Glob of the repositories'' Docker sockets; `*` is the network id [default: /var/run/rediacc/docker-*.sock]')
            [CompletionResult]::new('--base-domain', '--base-domain', [CompletionResultType]::ParameterName, 'Base domain of the automatic routes {service}-{networkID}.{domain}')
            [CompletionResult]::new('--state-dir', '--state-dir', [CompletionResultType]::ParameterName, 'Where dynamic port allocations are kept [default: /var/lib/rediacc/router]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--no-auto-routes', '--no-auto-routes', [CompletionResultType]::ParameterName, 'Do not make automatic (tier-1) routes')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;route-server;render' {
            [CompletionResult]::new('--containers', '--containers', [CompletionResultType]::ParameterName, '`docker inspect` output (a JSON array); `-` reads stdin')
            [CompletionResult]::new('--network-id', '--network-id', [CompletionResultType]::ParameterName, 'Network id of the repository these containers belong to [default: each container''s rediacc.network_id label]')
            [CompletionResult]::new('--base-domain', '--base-domain', [CompletionResultType]::ParameterName, 'Base domain of the automatic routes')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;route-server;help' {
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;route-server;help;render' {
            break
        }
        'rdc;route-server;help;help' {
            break
        }
        'rdc;compose' {
            [CompletionResult]::new('--repo-dir', '--repo-dir', [CompletionResultType]::ParameterName, 'Repository root [default: $REPOSITORY_PATH, else the nearest directory with .rediacc.json]')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--unsafe', '--unsafe', [CompletionResultType]::ParameterName, 'Allow settings that lead out of the repository (each is still printed as a warning)')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;completions' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'GET a URL until it answers one of the expected statuses (push-infra''s health checks)')
            [CompletionResult]::new('repo', 'repo', [CompletionResultType]::ParameterValue, 'Repository actions; the job (JSON) is read from stdin, the status (JSON) printed')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print this rdc''s version and host protocol (JSON), for the client''s compatibility check')
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Traefik under rdc: run it (the proxy unit''s main process), or hand it over to a new one')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'A repository''s containers with their routes (JSON)')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A repository''s logs (every service, or one), on stdout')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command in the running container of a service (replaces this process)')
            [CompletionResult]::new('term', 'term', [CompletionResultType]::ParameterValue, 'An interactive shell whose `docker` talks to the repository''s daemon')
            [CompletionResult]::new('autostart', 'autostart', [CompletionResultType]::ParameterValue, 'Repositories with autostart: bring one up or down from its job file, or all at boot')
            [CompletionResult]::new('repos', 'repos', [CompletionResultType]::ParameterValue, 'List the machine''s repository images and what runs of them (JSON)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;host;probe' {
            [CompletionResult]::new('--expect', '--expect', [CompletionResultType]::ParameterName, 'Accepted statuses, comma-separated')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to keep trying')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;repo' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;version' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;proxy' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection')
            [CompletionResult]::new('handover', 'handover', [CompletionResultType]::ParameterValue, 'Ask the running supervisor to hand Traefik over to a new process (the unit''s ExecReload)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;host;proxy;run' {
            [CompletionResult]::new('--traefik', '--traefik', [CompletionResultType]::ParameterName, 'The Traefik binary')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Traefik''s static configuration')
            [CompletionResult]::new('--env-file', '--env-file', [CompletionResultType]::ParameterName, 'Environment for Traefik (KEY=value lines), read again at every start')
            [CompletionResult]::new('--control', '--control', [CompletionResultType]::ParameterName, 'The control socket')
            [CompletionResult]::new('--wait-for', '--wait-for', [CompletionResultType]::ParameterName, 'Start Traefik only once this URL answers 200 (the route server''s routes), at most 30 s')
            [CompletionResult]::new('--ready-timeout', '--ready-timeout', [CompletionResultType]::ParameterName, 'Seconds a new Traefik may take to load the routes during a handover')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;proxy;handover' {
            [CompletionResult]::new('--control', '--control', [CompletionResultType]::ParameterName, 'The supervisor''s control socket')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds to wait for the answer')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;proxy;help' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection')
            [CompletionResult]::new('handover', 'handover', [CompletionResultType]::ParameterValue, 'Ask the running supervisor to hand Traefik over to a new process (the unit''s ExecReload)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;host;proxy;help;run' {
            break
        }
        'rdc;host;proxy;help;handover' {
            break
        }
        'rdc;host;proxy;help;help' {
            break
        }
        'rdc;host;ps' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The machine''s install prefix')
            [CompletionResult]::new('--network-id', '--network-id', [CompletionResultType]::ParameterName, 'The repository''s network id')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;logs' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The machine''s install prefix')
            [CompletionResult]::new('--network-id', '--network-id', [CompletionResultType]::ParameterName, 'The repository''s network id')
            [CompletionResult]::new('--service', '--service', [CompletionResultType]::ParameterName, 'Only this service')
            [CompletionResult]::new('--tail', '--tail', [CompletionResultType]::ParameterName, 'Only the last N lines of each container')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Keep following')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;exec' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The machine''s install prefix')
            [CompletionResult]::new('--network-id', '--network-id', [CompletionResultType]::ParameterName, 'The repository''s network id')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('--tty', '--tty', [CompletionResultType]::ParameterName, 'Allocate a terminal')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;term' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The machine''s install prefix')
            [CompletionResult]::new('--network-id', '--network-id', [CompletionResultType]::ParameterName, 'The repository''s network id')
            [CompletionResult]::new('--mount', '--mount', [CompletionResultType]::ParameterName, 'Where the repository is mounted')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The repository''s name (for the prompt)')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;autostart' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Mount, start the daemon, run prep() and up() of the repository in JOB_FILE')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Run down(), stop the daemon and unmount the repository in JOB_FILE')
            [CompletionResult]::new('boot', 'boot', [CompletionResultType]::ParameterValue, 'Bring back every repository with autostart (the boot script)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;host;autostart;up' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;autostart;down' {
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;autostart;boot' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The machine''s install prefix')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;autostart;help' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Mount, start the daemon, run prep() and up() of the repository in JOB_FILE')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Run down(), stop the daemon and unmount the repository in JOB_FILE')
            [CompletionResult]::new('boot', 'boot', [CompletionResultType]::ParameterValue, 'Bring back every repository with autostart (the boot script)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;host;autostart;help;up' {
            break
        }
        'rdc;host;autostart;help;down' {
            break
        }
        'rdc;host;autostart;help;boot' {
            break
        }
        'rdc;host;autostart;help;help' {
            break
        }
        'rdc;host;repos' {
            [CompletionResult]::new('--prefix', '--prefix', [CompletionResultType]::ParameterName, 'The machine''s install prefix')
            [CompletionResult]::new('--datastore', '--datastore', [CompletionResultType]::ParameterName, 'The machine''s datastore')
            [CompletionResult]::new('--context', '--context', [CompletionResultType]::ParameterName, 'Context to use (default: the current context, else the one named "default")')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format of lists and records')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colours')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'More log output (-v info, -vv debug, -vvv trace)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Answer yes to confirmations (needed when there is no terminal)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'rdc;host;help' {
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'GET a URL until it answers one of the expected statuses (push-infra''s health checks)')
            [CompletionResult]::new('repo', 'repo', [CompletionResultType]::ParameterValue, 'Repository actions; the job (JSON) is read from stdin, the status (JSON) printed')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print this rdc''s version and host protocol (JSON), for the client''s compatibility check')
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Traefik under rdc: run it (the proxy unit''s main process), or hand it over to a new one')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'A repository''s containers with their routes (JSON)')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A repository''s logs (every service, or one), on stdout')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command in the running container of a service (replaces this process)')
            [CompletionResult]::new('term', 'term', [CompletionResultType]::ParameterValue, 'An interactive shell whose `docker` talks to the repository''s daemon')
            [CompletionResult]::new('autostart', 'autostart', [CompletionResultType]::ParameterValue, 'Repositories with autostart: bring one up or down from its job file, or all at boot')
            [CompletionResult]::new('repos', 'repos', [CompletionResultType]::ParameterValue, 'List the machine''s repository images and what runs of them (JSON)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;host;help;probe' {
            break
        }
        'rdc;host;help;repo' {
            break
        }
        'rdc;host;help;version' {
            break
        }
        'rdc;host;help;proxy' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection')
            [CompletionResult]::new('handover', 'handover', [CompletionResultType]::ParameterValue, 'Ask the running supervisor to hand Traefik over to a new process (the unit''s ExecReload)')
            break
        }
        'rdc;host;help;proxy;run' {
            break
        }
        'rdc;host;help;proxy;handover' {
            break
        }
        'rdc;host;help;ps' {
            break
        }
        'rdc;host;help;logs' {
            break
        }
        'rdc;host;help;exec' {
            break
        }
        'rdc;host;help;term' {
            break
        }
        'rdc;host;help;autostart' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Mount, start the daemon, run prep() and up() of the repository in JOB_FILE')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Run down(), stop the daemon and unmount the repository in JOB_FILE')
            [CompletionResult]::new('boot', 'boot', [CompletionResultType]::ParameterValue, 'Bring back every repository with autostart (the boot script)')
            break
        }
        'rdc;host;help;autostart;up' {
            break
        }
        'rdc;host;help;autostart;down' {
            break
        }
        'rdc;host;help;autostart;boot' {
            break
        }
        'rdc;host;help;repos' {
            break
        }
        'rdc;host;help;help' {
            break
        }
        'rdc;help' {
            [CompletionResult]::new('context', 'context', [CompletionResultType]::ParameterValue, 'Contexts, machines and their proxy (infra) settings')
            [CompletionResult]::new('repo', 'repo', [CompletionResultType]::ParameterValue, 'Repositories: create, start (up --mount), stop, status')
            [CompletionResult]::new('route-server', 'route-server', [CompletionResultType]::ParameterValue, 'Host side: serve Traefik routes from the repositories'' Docker labels')
            [CompletionResult]::new('compose', 'compose', [CompletionResultType]::ParameterValue, 'Host side: docker compose on a repository''s daemon (from a Rediaccfile)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('host', 'host', [CompletionResultType]::ParameterValue, 'Server-side helpers called over SSH')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'rdc;help;context' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a context (the first one becomes the current context)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List contexts')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a context (default: the selected one)')
            [CompletionResult]::new('current', 'current', [CompletionResultType]::ParameterValue, 'Print the name of the selected context')
            [CompletionResult]::new('use', 'use', [CompletionResultType]::ParameterValue, 'Make NAME the current context')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename a context')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a context and everything it holds')
            [CompletionResult]::new('set-ssh', 'set-ssh', [CompletionResultType]::ParameterValue, 'Set the SSH private key used for the context''s machines')
            [CompletionResult]::new('add-machine', 'add-machine', [CompletionResultType]::ParameterValue, 'Add a machine (a server reachable over SSH) to the context')
            [CompletionResult]::new('set-machine', 'set-machine', [CompletionResultType]::ParameterValue, 'Change a machine''s connection settings')
            [CompletionResult]::new('remove-machine', 'remove-machine', [CompletionResultType]::ParameterValue, 'Remove a machine from the context')
            [CompletionResult]::new('machines', 'machines', [CompletionResultType]::ParameterValue, 'List the context''s machines')
            [CompletionResult]::new('scan-keys', 'scan-keys', [CompletionResultType]::ParameterValue, 'Pin machines'' SSH host keys (ssh-keyscan), for strict host-key checking')
            [CompletionResult]::new('set-infra', 'set-infra', [CompletionResultType]::ParameterValue, 'Store a machine''s proxy settings: public IPs, domain, TLS, extra ports')
            [CompletionResult]::new('show-infra', 'show-infra', [CompletionResultType]::ParameterValue, 'Show a machine''s proxy settings (the token is shown as ***)')
            [CompletionResult]::new('render-infra', 'render-infra', [CompletionResultType]::ParameterValue, 'Render every file push-infra would write, without touching the server')
            [CompletionResult]::new('push-infra', 'push-infra', [CompletionResultType]::ParameterValue, 'Install or update the proxy on a machine over SSH: plan, diff, confirm, apply, verify')
            break
        }
        'rdc;help;context;create' {
            break
        }
        'rdc;help;context;list' {
            break
        }
        'rdc;help;context;show' {
            break
        }
        'rdc;help;context;current' {
            break
        }
        'rdc;help;context;use' {
            break
        }
        'rdc;help;context;rename' {
            break
        }
        'rdc;help;context;delete' {
            break
        }
        'rdc;help;context;set-ssh' {
            break
        }
        'rdc;help;context;add-machine' {
            break
        }
        'rdc;help;context;set-machine' {
            break
        }
        'rdc;help;context;remove-machine' {
            break
        }
        'rdc;help;context;machines' {
            break
        }
        'rdc;help;context;scan-keys' {
            break
        }
        'rdc;help;context;set-infra' {
            break
        }
        'rdc;help;context;show-infra' {
            break
        }
        'rdc;help;context;render-infra' {
            break
        }
        'rdc;help;context;push-infra' {
            break
        }
        'rdc;help;repo' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Create a repository on a machine: an image, a network id, a credential')
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Mount (with --mount), start its Docker daemon, run its Rediaccfiles: prep() then up()')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Run down() in its Rediaccfiles; with --unmount also stop its daemon and unmount it')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Copy a local directory into a mounted repository')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Change a repository''s settings: the domains only it may route')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show a repository''s state on its machine')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the repositories of the context (with --live, as the machines see them)')
            [CompletionResult]::new('delete', 'delete', [CompletionResultType]::ParameterValue, 'Delete a repository: its containers, daemon, image and state on the server, then its entry')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'A repository''s containers: service, state, health, address, routes')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A repository''s logs, streamed (-f to follow)')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command in a service''s container (with a terminal when stdin is one)')
            [CompletionResult]::new('term', 'term', [CompletionResultType]::ParameterValue, 'A shell on the server whose docker talks to the repository''s daemon')
            [CompletionResult]::new('restart', 'restart', [CompletionResultType]::ParameterValue, 'Recreate a service, or every service')
            [CompletionResult]::new('autostart', 'autostart', [CompletionResultType]::ParameterValue, 'Bring repositories back after a reboot: enable, disable, list')
            break
        }
        'rdc;help;repo;create' {
            break
        }
        'rdc;help;repo;up' {
            break
        }
        'rdc;help;repo;down' {
            break
        }
        'rdc;help;repo;sync' {
            break
        }
        'rdc;help;repo;set' {
            break
        }
        'rdc;help;repo;status' {
            break
        }
        'rdc;help;repo;list' {
            break
        }
        'rdc;help;repo;delete' {
            break
        }
        'rdc;help;repo;ps' {
            break
        }
        'rdc;help;repo;logs' {
            break
        }
        'rdc;help;repo;exec' {
            break
        }
        'rdc;help;repo;term' {
            break
        }
        'rdc;help;repo;restart' {
            break
        }
        'rdc;help;repo;autostart' {
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Bring the repository back at boot')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Stop bringing it back (it keeps running)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The repositories with autostart on the context''s machines')
            break
        }
        'rdc;help;repo;autostart;enable' {
            break
        }
        'rdc;help;repo;autostart;disable' {
            break
        }
        'rdc;help;repo;autostart;list' {
            break
        }
        'rdc;help;route-server' {
            [CompletionResult]::new('render', 'render', [CompletionResultType]::ParameterValue, 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped')
            break
        }
        'rdc;help;route-server;render' {
            break
        }
        'rdc;help;compose' {
            break
        }
        'rdc;help;completions' {
            break
        }
        'rdc;help;host' {
            [CompletionResult]::new('probe', 'probe', [CompletionResultType]::ParameterValue, 'GET a URL until it answers one of the expected statuses (push-infra''s health checks)')
            [CompletionResult]::new('repo', 'repo', [CompletionResultType]::ParameterValue, 'Repository actions; the job (JSON) is read from stdin, the status (JSON) printed')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print this rdc''s version and host protocol (JSON), for the client''s compatibility check')
            [CompletionResult]::new('proxy', 'proxy', [CompletionResultType]::ParameterValue, 'Traefik under rdc: run it (the proxy unit''s main process), or hand it over to a new one')
            [CompletionResult]::new('ps', 'ps', [CompletionResultType]::ParameterValue, 'A repository''s containers with their routes (JSON)')
            [CompletionResult]::new('logs', 'logs', [CompletionResultType]::ParameterValue, 'A repository''s logs (every service, or one), on stdout')
            [CompletionResult]::new('exec', 'exec', [CompletionResultType]::ParameterValue, 'Run a command in the running container of a service (replaces this process)')
            [CompletionResult]::new('term', 'term', [CompletionResultType]::ParameterValue, 'An interactive shell whose `docker` talks to the repository''s daemon')
            [CompletionResult]::new('autostart', 'autostart', [CompletionResultType]::ParameterValue, 'Repositories with autostart: bring one up or down from its job file, or all at boot')
            [CompletionResult]::new('repos', 'repos', [CompletionResultType]::ParameterValue, 'List the machine''s repository images and what runs of them (JSON)')
            break
        }
        'rdc;help;host;probe' {
            break
        }
        'rdc;help;host;repo' {
            break
        }
        'rdc;help;host;version' {
            break
        }
        'rdc;help;host;proxy' {
            [CompletionResult]::new('run', 'run', [CompletionResultType]::ParameterValue, 'Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection')
            [CompletionResult]::new('handover', 'handover', [CompletionResultType]::ParameterValue, 'Ask the running supervisor to hand Traefik over to a new process (the unit''s ExecReload)')
            break
        }
        'rdc;help;host;proxy;run' {
            break
        }
        'rdc;help;host;proxy;handover' {
            break
        }
        'rdc;help;host;ps' {
            break
        }
        'rdc;help;host;logs' {
            break
        }
        'rdc;help;host;exec' {
            break
        }
        'rdc;help;host;term' {
            break
        }
        'rdc;help;host;autostart' {
            [CompletionResult]::new('up', 'up', [CompletionResultType]::ParameterValue, 'Mount, start the daemon, run prep() and up() of the repository in JOB_FILE')
            [CompletionResult]::new('down', 'down', [CompletionResultType]::ParameterValue, 'Run down(), stop the daemon and unmount the repository in JOB_FILE')
            [CompletionResult]::new('boot', 'boot', [CompletionResultType]::ParameterValue, 'Bring back every repository with autostart (the boot script)')
            break
        }
        'rdc;help;host;autostart;up' {
            break
        }
        'rdc;help;host;autostart;down' {
            break
        }
        'rdc;help;host;autostart;boot' {
            break
        }
        'rdc;help;host;repos' {
            break
        }
        'rdc;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
