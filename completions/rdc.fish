# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_rdc_global_optspecs
    string join \n context= config= o/output= v/verbose q/quiet y/yes color= h/help V/version
end

function __fish_rdc_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_rdc_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_rdc_using_subcommand
    set -l cmd (__fish_rdc_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c rdc -n "__fish_rdc_needs_command" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_needs_command" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_needs_command" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_needs_command" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_needs_command" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_needs_command" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_needs_command" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_needs_command" -f -a "context" -d 'Contexts, machines and their proxy (infra) settings'
complete -c rdc -n "__fish_rdc_needs_command" -f -a "repo" -d 'Repositories: create, start (up --mount), stop, status'
complete -c rdc -n "__fish_rdc_needs_command" -f -a "route-server" -d 'Host side: serve Traefik routes from the repositories\' Docker labels'
complete -c rdc -n "__fish_rdc_needs_command" -f -a "compose" -d 'Host side: docker compose on a repository\'s daemon (from a Rediaccfile)'
complete -c rdc -n "__fish_rdc_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c rdc -n "__fish_rdc_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "create" -d 'Create a context (the first one becomes the current context)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "list" -d 'List contexts'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "show" -d 'Show a context (default: the selected one)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "current" -d 'Print the name of the selected context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "use" -d 'Make NAME the current context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "rename" -d 'Rename a context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "delete" -d 'Delete a context and everything it holds'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "set-ssh" -d 'Set the SSH private key used for the context\'s machines'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "add-machine" -d 'Add a machine (a server reachable over SSH) to the context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "set-machine" -d 'Change a machine\'s connection settings'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "remove-machine" -d 'Remove a machine from the context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "machines" -d 'List the context\'s machines'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "scan-keys" -d 'Pin machines\' SSH host keys (ssh-keyscan), for strict host-key checking'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "set-infra" -d 'Store a machine\'s proxy settings: public IPs, domain, TLS, extra ports'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "show-infra" -d 'Show a machine\'s proxy settings (the token is shown as ***)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "render-infra" -d 'Render every file push-infra would write, without touching the server'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "push-infra" -d 'Install or update the proxy on machines over SSH: plan, diff, confirm, apply, verify'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "dns" -d 'Put the DNS records machines need in their Cloudflare zone: plan, confirm, apply'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "setup-machine" -d 'Prepare servers for rdc: packages, datastore, kernel checks (idempotent)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "status" -d 'Every machine in one table: reachable, versions, route server, repositories, certificates'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "storage" -d 'Storages for repository backups (rclone remotes): add, import, list, remove'
complete -c rdc -n "__fish_rdc_using_subcommand context; and not __fish_seen_subcommand_from create list show current use rename delete set-ssh add-machine set-machine remove-machine machines scan-keys set-infra show-infra render-infra push-infra dns setup-machine status storage help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -l ssh-key -d 'Private key for SSH to every machine of the context (default: ssh\'s own: agent, ~/.ssh/id_*, ~/.ssh/config)' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from current" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from use" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from rename" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -l ssh-key -d 'Path of the private key' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-ssh" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l ip -d 'SSH address: an IP address or a host name' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l user -d 'SSH user (root, or a user with passwordless sudo)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l port -d 'SSH port' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l datastore -d 'Where repositories live on the server' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l prefix -d 'Root under which every server path is installed' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l service-manager -d 'How services are started on the server: systemd (install units, restart what changed) or none (install files only; the plan says how to start the services)' -r -f -a "systemd\t''
none\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from add-machine" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l ip -d 'New SSH address (drops the pinned host key)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l user -d 'New SSH user' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l port -d 'New SSH port' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l datastore -d 'Where repositories live on the server' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l prefix -d 'Root under which every server path is installed' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l service-manager -d 'How services are started on the server: systemd (install units, restart what changed) or none (install files only; the plan says how to start the services)' -r -f -a "systemd\t''
none\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-machine" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from remove-machine" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from machines" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from scan-keys" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l public-ipv4 -d 'Public IPv4 address Traefik listens on' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l public-ipv6 -d 'Public IPv6 address Traefik listens on' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l bind-ipv4 -d 'The server\'s own IPv4 address Traefik binds when the public one is not on any of its interfaces (clouds that NAT it, e.g. 10.0.0.5); DNS records keep the public address [default: the public IPv4]' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l bind-ipv6 -d 'The server\'s own IPv6 address Traefik binds when the public one is not on any of its interfaces [default: the public IPv6]' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l base-domain -d 'Base domain of the automatic routes {service}-{networkID}.{domain}' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l cert-email -d 'E-mail of the Let\'s Encrypt account' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l acme-challenge -d 'How Let\'s Encrypt checks the names: dns (DNS-01 through Cloudflare: a wildcard certificate for the base domain; needs --cf-dns-token) or http (HTTP-01 on port 80: one certificate per host, no wildcard; needs only --cert-email) [default: dns with a Cloudflare token, http with only an e-mail]' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l cf-dns-token -d 'Cloudflare API token (Zone:DNS:Edit) for DNS-01; `-` reads it from stdin (keeps it out of shell history and the process list)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l tcp-ports -d 'Extra TCP ports with a tcp-<port> entrypoint, e.g. 25,143,465,587,993 (replaces the list)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l udp-ports -d 'Extra UDP ports with a udp-<port> entrypoint, e.g. 5353 (replaces the list)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l route-listen -d 'Loopback address of the route server [default: 127.0.0.1:7111]' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l admin-listen -d 'Loopback address of Traefik\'s ping entrypoint [default: 127.0.0.1:7112]' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l loopback-ips -d 'Loopback addresses outside repositories that every repository may still reach, e.g. 127.0.0.54 (the server\'s loopback resolvers always are; replaces the list; docs/isolation.md)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l max-resources-per-repo -d 'Routers, services and middlewares one repository may have; beyond, its containers are left out with the reason [default: 500] (per repository: rdc repo set NAME --max-resources 1000)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l max-ports-per-repo -d 'Dynamic public TCP ports (rediacc.tcp_ports) one repository may hold [default: 4] (per repository: rdc repo set NAME --max-ports 8)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l max-label-bytes -d 'Bytes of labels one container may carry, up to 1048576; a container over it gets no route [default: 65536]' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l unset -d 'Remove a setting (repeatable)' -r -f -a "public-ipv4\t'Public IPv4 address Traefik listens on'
public-ipv6\t'Public IPv6 address Traefik listens on'
bind-ipv4\t'The server\'s own IPv4 address Traefik binds when the public one is not on any of its interfaces (clouds that NAT it, e.g. 10.0.0.5); DNS records keep the public address [default: the public IPv4]'
bind-ipv6\t'The server\'s own IPv6 address Traefik binds when the public one is not on any of its interfaces [default: the public IPv6]'
base-domain\t'Base domain of the automatic routes {service}-{networkID}.{domain}'
cert-email\t'E-mail of the Let\'s Encrypt account'
acme-challenge\t'How Let\'s Encrypt checks the names: dns (DNS-01 through Cloudflare: a wildcard certificate for the base domain; needs --cf-dns-token) or http (HTTP-01 on port 80: one certificate per host, no wildcard; needs only --cert-email) [default: dns with a Cloudflare token, http with only an e-mail]'
cf-dns-token\t'Cloudflare API token (Zone:DNS:Edit) for DNS-01; `-` reads it from stdin (keeps it out of shell history and the process list)'
tcp-ports\t'Extra TCP ports with a tcp-<port> entrypoint, e.g. 25,143,465,587,993 (replaces the list)'
udp-ports\t'Extra UDP ports with a udp-<port> entrypoint, e.g. 5353 (replaces the list)'
route-listen\t'Loopback address of the route server [default: 127.0.0.1:7111]'
admin-listen\t'Loopback address of Traefik\'s ping entrypoint [default: 127.0.0.1:7112]'
loopback-ips\t'Loopback addresses outside repositories that every repository may still reach, e.g. 127.0.0.54 (the server\'s loopback resolvers always are; replaces the list; docs/isolation.md)'
max-resources-per-repo\t'Routers, services and middlewares one repository may have; beyond, its containers are left out with the reason [default: 500] (per repository: rdc repo set NAME --max-resources 1000)'
max-ports-per-repo\t'Dynamic public TCP ports (rediacc.tcp_ports) one repository may hold [default: 4] (per repository: rdc repo set NAME --max-ports 8)'
max-label-bytes\t'Bytes of labels one container may carry, up to 1048576; a container over it gets no route [default: 65536]'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from set-infra" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from show-infra" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -l out -d 'Write the files below this directory instead of printing them' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from render-infra" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -s m -l machine -d 'Machines, comma-separated (the same as naming them)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l parallel -d 'How many machines work at once' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l rdc-binary -d 'rdc binary to install on the server (default: this executable; use another for a server of another architecture)' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l traefik-binary -d 'Traefik binary to install (default: the pinned Traefik release for the server\'s architecture, downloaded once into the cache and verified; use this without internet)' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l traefik-mirror -d 'Base URL of a mirror serving the pinned Traefik files under their own names (checked against the same checksums)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l all -d 'Every machine of the context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l dry-run -d 'Show the plan and the diff, change nothing (and download nothing)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l allow-downgrade -d 'Install this rdc even when the server runs a newer version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l dns -d 'Then put the machines\' DNS records in Cloudflare, as `rdc context dns` does'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -l no-wait -d 'Fail at once when another push-infra or setup-machine is running on the server (the default is to wait for it, saying who holds it)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from push-infra" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -s m -l machine -d 'Machines, comma-separated (the same as naming them)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -l parallel -d 'How many machines work at once' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -l take-over -d 'Take over the records rdc made for this machine at names these machines now route (a repository moved from there: rdc repo pull --dns does this); repeatable' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -l all -d 'Every machine of the context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -l dry-run -d 'Show the plan, change nothing'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from dns" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -s m -l machine -d 'Machines, comma-separated (the same as naming them)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -l parallel -d 'How many machines work at once' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -l datastore-size -d 'Make the datastore a btrfs loop image of this size: a share of the free space (95%) or a size (500G); without a value, 95%' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -l all -d 'Every machine of the context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -l dry-run -d 'Show the checklist and what would be done, change nothing'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -l no-wait -d 'Fail at once when another push-infra or setup-machine is running on the server (the default is to wait for it, saying who holds it)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from setup-machine" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -s m -l machine -d 'Machines, comma-separated (the same as naming them)' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -l parallel -d 'How many machines work at once' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -l all -d 'Every machine of the context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -f -a "add" -d 'Add a storage: an rclone remote of --type with its options'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -f -a "import" -d 'Import storages from an rclone config file (every remote, or the ones named)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -f -a "list" -d 'List the context\'s storages (secret options shown as ***)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -f -a "remove" -d 'Remove a storage from the context (its backups stay where they are)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from storage" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a context (the first one becomes the current context)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "list" -d 'List contexts'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a context (default: the selected one)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "current" -d 'Print the name of the selected context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "use" -d 'Make NAME the current context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "rename" -d 'Rename a context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a context and everything it holds'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "set-ssh" -d 'Set the SSH private key used for the context\'s machines'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "add-machine" -d 'Add a machine (a server reachable over SSH) to the context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "set-machine" -d 'Change a machine\'s connection settings'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "remove-machine" -d 'Remove a machine from the context'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "machines" -d 'List the context\'s machines'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "scan-keys" -d 'Pin machines\' SSH host keys (ssh-keyscan), for strict host-key checking'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "set-infra" -d 'Store a machine\'s proxy settings: public IPs, domain, TLS, extra ports'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "show-infra" -d 'Show a machine\'s proxy settings (the token is shown as ***)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "render-infra" -d 'Render every file push-infra would write, without touching the server'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "push-infra" -d 'Install or update the proxy on machines over SSH: plan, diff, confirm, apply, verify'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "dns" -d 'Put the DNS records machines need in their Cloudflare zone: plan, confirm, apply'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "setup-machine" -d 'Prepare servers for rdc: packages, datastore, kernel checks (idempotent)'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "status" -d 'Every machine in one table: reachable, versions, route server, repositories, certificates'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "storage" -d 'Storages for repository backups (rclone remotes): add, import, list, remove'
complete -c rdc -n "__fish_rdc_using_subcommand context; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "create" -d 'Create a repository on a machine: an image, a network id, a credential'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "up" -d 'Start repositories: mount (--mount), start the Docker daemon, run prep() then up()'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "down" -d 'Stop repositories: run down(); with --unmount also stop the daemon and unmount'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "sync" -d 'Copy a local directory into a mounted repository'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "set" -d 'Change a repository\'s settings: the domains only it may route, its fair share'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "status" -d 'Show a repository\'s state on its machine'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "list" -d 'List the repositories of the context (with --live, as the machines see them)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "delete" -d 'Delete a repository: its containers, daemon, image and state on the server, then its entry'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "ps" -d 'A repository\'s containers: service, state, health, address, routes'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "logs" -d 'A repository\'s logs, streamed (-f to follow)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "exec" -d 'Run a command in a service\'s container (with a terminal when stdin is one)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "term" -d 'A shell on the server whose docker talks to the repository\'s daemon'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "restart" -d 'Recreate a service, or every service'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "push" -d 'Back up a repository to a storage, or copy it to another machine: a consistent snapshot, incremental after the first'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "pull" -d 'Restore a repository\'s image from a storage, or copy it from another machine, onto its machine (or another, -m)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "backups" -d 'List a repository\'s backups in a storage: tag, time, size, full or incremental, base'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "autostart" -d 'Bring repositories back after a reboot: enable, disable, list'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and not __fish_seen_subcommand_from create up down sync set status list delete ps logs exec term restart push pull backups autostart help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -s m -l machine -d 'Machine that hosts it' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -l size -d 'Size of the (sparse) image, e.g. 10G or 500M' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -l from -d 'Put the files of this local directory (compose files, Rediaccfile…) into the new repository' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -l domain -d 'A host name only this repository may route (repeatable; `*.example.com` covers every name below example.com). Other repositories\' claims on it are refused' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -l no-encrypt -d 'Do not encrypt the image (LUKS needs device-mapper on the server); the repository is then stored in plain text, and `repo status` says so'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -l overcommit -d 'Create the image even when the datastore cannot hold every image at full size (images are sparse; when the datastore fills, a repository\'s filesystem turns read-only and loses writes). Recorded on the server and shown by repo status'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -s m -l machine -d 'Only repositories on these machines (comma-separated); with one name, the machine it must live on' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -l parallel -d 'How many repositories at once' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -l all -d 'Every repository of the context (with -m: of those machines)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -l mount -d 'Mount the image first if it is not mounted'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -l no-wait -d 'Fail at once when another operation on the repository is running (default: wait)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -l no-isolation -d 'Run without the repository\'s network isolation (for a server whose kernel cannot isolate; recorded on the server and shown by every status: docs/isolation.md)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from up" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -s m -l machine -d 'Only repositories on these machines (comma-separated); with one name, the machine it must live on' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -l parallel -d 'How many repositories at once' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -l timeout -d 'Seconds each down() hook, and then each container, gets to stop before it is killed (a container\'s own stop_grace_period counts when it is shorter)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -l all -d 'Every repository of the context (with -m: of those machines)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -l unmount -d 'Also stop its Docker daemon and unmount the image'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -l no-wait -d 'Fail at once when another operation on the repository is running (default: wait)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from down" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -l from -d 'Local directory whose files are copied to the repository\'s root' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -l no-wait -d 'Fail at once when another operation on the repository is running (default: wait)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from sync" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -l domain -d 'A host name only this repository may route (repeatable; `*.example.com` covers every name below example.com)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -l max-resources -d 'Routers, services and middlewares this repository may have (its containers beyond are left out with the reason)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -l max-ports -d 'Dynamic public TCP ports this repository may hold' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -l no-domains -d 'Remove every declared domain'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -l default-limits -d 'Back to the machine\'s shares (removes --max-resources and --max-ports)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -s m -l machine -d 'Only this machine (with --live); repeatable' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -l live -d 'Ask the machines what is running (default: the config only)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -s m -l machine -d 'The machine of an orphaned image' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds the containers get to stop before they are killed' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -l orphan -d 'NAME is the GUID of an orphaned image (see rdc repo list --live); needs -m'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from ps" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -l tail -d 'Only the last N lines of each container' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -s f -l follow -d 'Keep following new lines'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from logs" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from exec" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from term" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from restart" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l to -d 'The storage (rdc context storage list)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l to-machine -d 'Copy it to this machine of the context instead' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l tag -d 'The backup\'s tag (default: the time, e.g. 20261203T101500Z)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l keep -d 'Then keep only the newest N backups in the storage (and the older ones their chains need); delete the rest' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l full -d 'A full backup even when an incremental one is possible (a new chain: with --keep, the old chain can then be deleted)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -l stop -d 'Stop the repository\'s services (down) for the snapshot and bring them up again after, instead of freezing its filesystem for milliseconds while they run'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from push" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -s m -l machine -d 'Restore it onto this machine of the context (default: its own); the repository\'s record moves there' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l from -d 'The storage (rdc context storage list)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l from-machine -d 'Copy it from this machine of the context instead (which keeps its copy)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l tag -d 'The backup to restore (default: the newest), or the name of the copy\'s snapshot' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l up -d 'Then mount it and bring it up (rdc repo up NAME --mount)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l dns -d 'Then put its DNS records in Cloudflare for the machine it is on now (rdc context dns TARGET), taking over the records rdc made for its old machine at the names it routes'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -l verify -d 'Then re-read what was restored: every stream of the chain from the storage against its checksum, and every block of the image (btrfs checks each against its own)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from pull" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -s m -l machine -d 'Its machine (default: the one it was created on)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -l from -d 'The storage (rdc context storage list)' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from backups" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -f -a "enable" -d 'Bring the repository back at boot'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -f -a "disable" -d 'Stop bringing it back (it keeps running)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -f -a "list" -d 'The repositories with autostart on the context\'s machines'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from autostart" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "create" -d 'Create a repository on a machine: an image, a network id, a credential'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "up" -d 'Start repositories: mount (--mount), start the Docker daemon, run prep() then up()'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "down" -d 'Stop repositories: run down(); with --unmount also stop the daemon and unmount'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "sync" -d 'Copy a local directory into a mounted repository'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a repository\'s settings: the domains only it may route, its fair share'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show a repository\'s state on its machine'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "list" -d 'List the repositories of the context (with --live, as the machines see them)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a repository: its containers, daemon, image and state on the server, then its entry'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "ps" -d 'A repository\'s containers: service, state, health, address, routes'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "logs" -d 'A repository\'s logs, streamed (-f to follow)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "exec" -d 'Run a command in a service\'s container (with a terminal when stdin is one)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "term" -d 'A shell on the server whose docker talks to the repository\'s daemon'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "restart" -d 'Recreate a service, or every service'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "push" -d 'Back up a repository to a storage, or copy it to another machine: a consistent snapshot, incremental after the first'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "pull" -d 'Restore a repository\'s image from a storage, or copy it from another machine, onto its machine (or another, -m)'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "backups" -d 'List a repository\'s backups in a storage: tag, time, size, full or incremental, base'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "autostart" -d 'Bring repositories back after a reboot: enable, disable, list'
complete -c rdc -n "__fish_rdc_using_subcommand repo; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -l listen -d 'Loopback address of the HTTP API [default: 127.0.0.1:7111]' -r
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -l sockets -d 'Glob of the repositories\' Docker sockets; `*` is the network id [default: /var/run/rediacc/docker-*.sock]' -r
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -l base-domain -d 'Base domain of the automatic routes {service}-{networkID}.{domain}' -r
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -l state-dir -d 'Where dynamic port allocations are kept [default: /var/lib/rediacc/router]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -l no-auto-routes -d 'Do not make automatic (tier-1) routes'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -f -a "render" -d 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and not __fish_seen_subcommand_from render help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -l containers -d '`docker inspect` output (a JSON array); `-` reads stdin' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -l network-id -d 'Network id of the repository these containers belong to [default: each container\'s rediacc.network_id label]' -r
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -l base-domain -d 'Base domain of the automatic routes' -r
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from render" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -f -a "render" -d 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped'
complete -c rdc -n "__fish_rdc_using_subcommand route-server; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand compose" -l repo-dir -d 'Repository root [default: $REPOSITORY_PATH, else the nearest directory with .rediacc.json]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand compose" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand compose" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand compose" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand compose" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand compose" -l unsafe -d 'Allow settings that lead out of the repository (each is still printed as a warning)'
complete -c rdc -n "__fish_rdc_using_subcommand compose" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand compose" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand compose" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand compose" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand compose" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand completions" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand completions" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand completions" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand completions" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand completions" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c rdc -n "__fish_rdc_using_subcommand completions" -s V -l version -d 'Print version'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -f -a "context" -d 'Contexts, machines and their proxy (infra) settings'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -f -a "repo" -d 'Repositories: create, start (up --mount), stop, status'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -f -a "route-server" -d 'Host side: serve Traefik routes from the repositories\' Docker labels'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -f -a "compose" -d 'Host side: docker compose on a repository\'s daemon (from a Rediaccfile)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c rdc -n "__fish_rdc_using_subcommand help; and not __fish_seen_subcommand_from context repo route-server compose completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "create" -d 'Create a context (the first one becomes the current context)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "list" -d 'List contexts'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "show" -d 'Show a context (default: the selected one)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "current" -d 'Print the name of the selected context'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "use" -d 'Make NAME the current context'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "rename" -d 'Rename a context'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "delete" -d 'Delete a context and everything it holds'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "set-ssh" -d 'Set the SSH private key used for the context\'s machines'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "add-machine" -d 'Add a machine (a server reachable over SSH) to the context'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "set-machine" -d 'Change a machine\'s connection settings'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "remove-machine" -d 'Remove a machine from the context'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "machines" -d 'List the context\'s machines'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "scan-keys" -d 'Pin machines\' SSH host keys (ssh-keyscan), for strict host-key checking'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "set-infra" -d 'Store a machine\'s proxy settings: public IPs, domain, TLS, extra ports'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "show-infra" -d 'Show a machine\'s proxy settings (the token is shown as ***)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "render-infra" -d 'Render every file push-infra would write, without touching the server'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "push-infra" -d 'Install or update the proxy on machines over SSH: plan, diff, confirm, apply, verify'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "dns" -d 'Put the DNS records machines need in their Cloudflare zone: plan, confirm, apply'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "setup-machine" -d 'Prepare servers for rdc: packages, datastore, kernel checks (idempotent)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "status" -d 'Every machine in one table: reachable, versions, route server, repositories, certificates'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from context" -f -a "storage" -d 'Storages for repository backups (rclone remotes): add, import, list, remove'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "create" -d 'Create a repository on a machine: an image, a network id, a credential'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "up" -d 'Start repositories: mount (--mount), start the Docker daemon, run prep() then up()'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "down" -d 'Stop repositories: run down(); with --unmount also stop the daemon and unmount'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "sync" -d 'Copy a local directory into a mounted repository'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "set" -d 'Change a repository\'s settings: the domains only it may route, its fair share'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "status" -d 'Show a repository\'s state on its machine'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "list" -d 'List the repositories of the context (with --live, as the machines see them)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "delete" -d 'Delete a repository: its containers, daemon, image and state on the server, then its entry'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "ps" -d 'A repository\'s containers: service, state, health, address, routes'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "logs" -d 'A repository\'s logs, streamed (-f to follow)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "exec" -d 'Run a command in a service\'s container (with a terminal when stdin is one)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "term" -d 'A shell on the server whose docker talks to the repository\'s daemon'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "restart" -d 'Recreate a service, or every service'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "push" -d 'Back up a repository to a storage, or copy it to another machine: a consistent snapshot, incremental after the first'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "pull" -d 'Restore a repository\'s image from a storage, or copy it from another machine, onto its machine (or another, -m)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "backups" -d 'List a repository\'s backups in a storage: tag, time, size, full or incremental, base'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from repo" -f -a "autostart" -d 'Bring repositories back after a reboot: enable, disable, list'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from route-server" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from route-server" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from route-server" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from route-server" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from route-server" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from route-server" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from route-server" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from route-server" -f -a "render" -d 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from compose" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from compose" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from compose" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from compose" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from compose" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from compose" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from compose" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from completions" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from completions" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from completions" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from completions" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from completions" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from completions" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from completions" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from help" -l context -d 'Context to use (default: the current context, else the one named "default")' -r
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from help" -l config -d 'The configuration file [default: ~/.config/rdc/config.toml]' -r -F
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from help" -s o -l output -d 'Output format of lists and records' -r -f -a "table\t'Aligned columns for people'
json\t'One JSON document'
yaml\t'One YAML document'"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from help" -l color -d 'When to use colours' -r -f -a "auto\t'Colour when stderr is a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from help" -s v -l verbose -d 'More log output (-v info, -vv debug, -vvv trace)'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from help" -s q -l quiet -d 'Only errors on stderr'
complete -c rdc -n "__fish_rdc_using_subcommand help; and __fish_seen_subcommand_from help" -s y -l yes -d 'Answer yes to confirmations (needed when there is no terminal)'
