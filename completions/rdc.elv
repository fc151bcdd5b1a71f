
use builtin;
use str;

set edit:completion:arg-completer[rdc] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'rdc'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'rdc'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand context 'Contexts, machines and their proxy (infra) settings'
            cand repo 'Repositories: create, start (up --mount), stop, status'
            cand route-server 'Host side: serve Traefik routes from the repositories'' Docker labels'
            cand compose 'Host side: docker compose on a repository''s daemon (from a Rediaccfile)'
            cand completions 'Print a shell completion script'
            cand host 'Server-side helpers called over SSH'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;context'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a context (the first one becomes the current context)'
            cand list 'List contexts'
            cand show 'Show a context (default: the selected one)'
            cand current 'Print the name of the selected context'
            cand use 'Make NAME the current context'
            cand rename 'Rename a context'
            cand delete 'Delete a context and everything it holds'
            cand set-ssh 'Set the SSH private key used for the context''s machines'
            cand add-machine 'Add a machine (a server reachable over SSH) to the context'
            cand set-machine 'Change a machine''s connection settings'
            cand remove-machine 'Remove a machine from the context'
            cand machines 'List the context''s machines'
            cand scan-keys 'Pin machines'' SSH host keys (ssh-keyscan), for strict host-key checking'
            cand set-infra 'Store a machine''s proxy settings: public IPs, domain, TLS, extra ports'
            cand show-infra 'Show a machine''s proxy settings (the token is shown as ***)'
            cand render-infra 'Render every file push-infra would write, without touching the server'
            cand push-infra 'Install or update the proxy on a machine over SSH: plan, diff, confirm, apply, verify'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;context;create'= {
            cand --ssh-key 'Private key for SSH to every machine of the context (default: ssh''s own: agent, ~/.ssh/id_*, ~/.ssh/config)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;list'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;show'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;current'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;use'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;rename'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;delete'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;set-ssh'= {
            cand --ssh-key 'Path of the private key'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;add-machine'= {
            cand --ip 'SSH address: an IP address or a host name'
            cand --user 'SSH user (root, or a user with passwordless sudo)'
            cand --port 'SSH port'
            cand --datastore 'Where repositories live on the server'
            cand --prefix 'Root under which every server path is installed'
            cand --service-manager 'How services are started on the server: systemd (install units, restart what changed) or none (install files only; the plan says how to start the services)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;set-machine'= {
            cand --ip 'New SSH address (drops the pinned host key)'
            cand --user 'New SSH user'
            cand --port 'New SSH port'
            cand --datastore 'Where repositories live on the server'
            cand --prefix 'Root under which every server path is installed'
            cand --service-manager 'How services are started on the server: systemd (install units, restart what changed) or none (install files only; the plan says how to start the services)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;remove-machine'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;machines'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;scan-keys'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;set-infra'= {
            cand --public-ipv4 'Public IPv4 address Traefik listens on'
            cand --public-ipv6 'Public IPv6 address Traefik listens on'
            cand --base-domain 'Base domain of the automatic routes {service}-{networkID}.{domain}'
            cand --cert-email 'E-mail of the Let''s Encrypt account'
            cand --cf-dns-token 'Cloudflare API token (Zone:DNS:Edit) for DNS-01; `-` reads it from stdin (keeps it out of shell history and the process list)'
            cand --tcp-ports 'Extra TCP ports with a tcp-<port> entrypoint, e.g. 25,143,465,587,993 (replaces the list)'
            cand --udp-ports 'Extra UDP ports with a udp-<port> entrypoint, e.g. 5353 (replaces the list)'
            cand --route-listen 'Loopback address of the route server [default: 127.0.0.1:7111]'
            cand --admin-listen 'Loopback address of Traefik''s ping entrypoint [default: 127.0.0.1:7112]'
            cand --unset 'Remove a setting (repeatable)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;show-infra'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;render-infra'= {
            cand --out 'Write the files below this directory instead of printing them'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;push-infra'= {
            cand --rdc-binary 'rdc binary to install on the server (default: this executable; use another for a server of another architecture)'
            cand --traefik-binary 'Traefik binary to install on the server (default: use the one already there)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --dry-run 'Show the plan and the diff, change nothing'
            cand --allow-downgrade 'Install this rdc even when the server runs a newer version'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;context;help'= {
            cand create 'Create a context (the first one becomes the current context)'
            cand list 'List contexts'
            cand show 'Show a context (default: the selected one)'
            cand current 'Print the name of the selected context'
            cand use 'Make NAME the current context'
            cand rename 'Rename a context'
            cand delete 'Delete a context and everything it holds'
            cand set-ssh 'Set the SSH private key used for the context''s machines'
            cand add-machine 'Add a machine (a server reachable over SSH) to the context'
            cand set-machine 'Change a machine''s connection settings'
            cand remove-machine 'Remove a machine from the context'
            cand machines 'List the context''s machines'
            cand scan-keys 'Pin machines'' SSH host keys (ssh-keyscan), for strict host-key checking'
            cand set-infra 'Store a machine''s proxy settings: public IPs, domain, TLS, extra ports'
            cand show-infra 'Show a machine''s proxy settings (the token is shown as ***)'
            cand render-infra 'Render every file push-infra would write, without touching the server'
            cand push-infra 'Install or update the proxy on a machine over SSH: plan, diff, confirm, apply, verify'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;context;help;create'= {
        }
        &'rdc;context;help;list'= {
        }
        &'rdc;context;help;show'= {
        }
        &'rdc;context;help;current'= {
        }
        &'rdc;context;help;use'= {
        }
        &'rdc;context;help;rename'= {
        }
        &'rdc;context;help;delete'= {
        }
        &'rdc;context;help;set-ssh'= {
        }
        &'rdc;context;help;add-machine'= {
        }
        &'rdc;context;help;set-machine'= {
        }
        &'rdc;context;help;remove-machine'= {
        }
        &'rdc;context;help;machines'= {
        }
        &'rdc;context;help;scan-keys'= {
        }
        &'rdc;context;help;set-infra'= {
        }
        &'rdc;context;help;show-infra'= {
        }
        &'rdc;context;help;render-infra'= {
        }
        &'rdc;context;help;push-infra'= {
        }
        &'rdc;context;help;help'= {
        }
        &'rdc;repo'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Create a repository on a machine: an image, a network id, a credential'
            cand up 'Mount (with --mount), start its Docker daemon, run its Rediaccfiles: prep() then up()'
            cand down 'Run down() in its Rediaccfiles; with --unmount also stop its daemon and unmount it'
            cand sync 'Copy a local directory into a mounted repository'
            cand set 'Change a repository''s settings: the domains only it may route'
            cand status 'Show a repository''s state on its machine'
            cand list 'List the repositories of the context (with --live, as the machines see them)'
            cand delete 'Delete a repository: its containers, daemon, image and state on the server, then its entry'
            cand ps 'A repository''s containers: service, state, health, address, routes'
            cand logs 'A repository''s logs, streamed (-f to follow)'
            cand exec 'Run a command in a service''s container (with a terminal when stdin is one)'
            cand term 'A shell on the server whose docker talks to the repository''s daemon'
            cand restart 'Recreate a service, or every service'
            cand autostart 'Bring repositories back after a reboot: enable, disable, list'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;repo;create'= {
            cand -m 'Machine that hosts it'
            cand --machine 'Machine that hosts it'
            cand --size 'Size of the (sparse) image, e.g. 10G or 500M'
            cand --from 'Put the files of this local directory (compose files, Rediaccfile…) into the new repository'
            cand --domain 'A host name only this repository may route (repeatable; `*.example.com` covers every name below example.com). Other repositories'' claims on it are refused'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --no-encrypt 'Do not encrypt the image (LUKS needs device-mapper on the server); the repository is then stored in plain text, and `repo status` says so'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;up'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --mount 'Mount the image first if it is not mounted'
            cand --no-wait 'Fail at once when another operation on the repository is running (default: wait)'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;down'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --timeout 'Seconds each down() hook, and then each container, gets to stop before it is killed (a container''s own stop_grace_period counts when it is shorter)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --unmount 'Also stop its Docker daemon and unmount the image'
            cand --no-wait 'Fail at once when another operation on the repository is running (default: wait)'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;sync'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --from 'Local directory whose files are copied to the repository''s root'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --no-wait 'Fail at once when another operation on the repository is running (default: wait)'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;set'= {
            cand --domain 'A host name only this repository may route (repeatable; `*.example.com` covers every name below example.com)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --no-domains 'Remove every declared domain'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;status'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;list'= {
            cand -m 'Only this machine (with --live); repeatable'
            cand --machine 'Only this machine (with --live); repeatable'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --live 'Ask the machines what is running (default: the config only)'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;delete'= {
            cand -m 'The machine of an orphaned image'
            cand --machine 'The machine of an orphaned image'
            cand --timeout 'Seconds the containers get to stop before they are killed'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --orphan 'NAME is the GUID of an orphaned image (see rdc repo list --live); needs -m'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;ps'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;logs'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --tail 'Only the last N lines of each container'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -f 'Keep following new lines'
            cand --follow 'Keep following new lines'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;exec'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;term'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;restart'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;autostart'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand enable 'Bring the repository back at boot'
            cand disable 'Stop bringing it back (it keeps running)'
            cand list 'The repositories with autostart on the context''s machines'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;repo;autostart;enable'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;autostart;disable'= {
            cand -m 'Its machine (default: the one it was created on)'
            cand --machine 'Its machine (default: the one it was created on)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;autostart;list'= {
            cand -m 'Only this machine (repeatable)'
            cand --machine 'Only this machine (repeatable)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;repo;autostart;help'= {
            cand enable 'Bring the repository back at boot'
            cand disable 'Stop bringing it back (it keeps running)'
            cand list 'The repositories with autostart on the context''s machines'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;repo;autostart;help;enable'= {
        }
        &'rdc;repo;autostart;help;disable'= {
        }
        &'rdc;repo;autostart;help;list'= {
        }
        &'rdc;repo;autostart;help;help'= {
        }
        &'rdc;repo;help'= {
            cand create 'Create a repository on a machine: an image, a network id, a credential'
            cand up 'Mount (with --mount), start its Docker daemon, run its Rediaccfiles: prep() then up()'
            cand down 'Run down() in its Rediaccfiles; with --unmount also stop its daemon and unmount it'
            cand sync 'Copy a local directory into a mounted repository'
            cand set 'Change a repository''s settings: the domains only it may route'
            cand status 'Show a repository''s state on its machine'
            cand list 'List the repositories of the context (with --live, as the machines see them)'
            cand delete 'Delete a repository: its containers, daemon, image and state on the server, then its entry'
            cand ps 'A repository''s containers: service, state, health, address, routes'
            cand logs 'A repository''s logs, streamed (-f to follow)'
            cand exec 'Run a command in a service''s container (with a terminal when stdin is one)'
            cand term 'A shell on the server whose docker talks to the repository''s daemon'
            cand restart 'Recreate a service, or every service'
            cand autostart 'Bring repositories back after a reboot: enable, disable, list'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;repo;help;create'= {
        }
        &'rdc;repo;help;up'= {
        }
        &'rdc;repo;help;down'= {
        }
        &'rdc;repo;help;sync'= {
        }
        &'rdc;repo;help;set'= {
        }
        &'rdc;repo;help;status'= {
        }
        &'rdc;repo;help;list'= {
        }
        &'rdc;repo;help;delete'= {
        }
        &'rdc;repo;help;ps'= {
        }
        &'rdc;repo;help;logs'= {
        }
        &'rdc;repo;help;exec'= {
        }
        &'rdc;repo;help;term'= {
        }
        &'rdc;repo;help;restart'= {
        }
        &'rdc;repo;help;autostart'= {
            cand enable 'Bring the repository back at boot'
            cand disable 'Stop bringing it back (it keeps running)'
            cand list 'The repositories with autostart on the context''s machines'
        }
        &'rdc;repo;help;autostart;enable'= {
        }
        &'rdc;repo;help;autostart;disable'= {
        }
        &'rdc;repo;help;autostart;list'= {
        }
        &'rdc;repo;help;help'= {
        }
        &'rdc;route-server'= {
            cand --listen 'Loopback address of the HTTP API [default: 127.0.0.1:7111]'
            cand --sockets 'Glob of the repositories'' Docker sockets; `*` is the network id [default: /var/run/rediacc/docker-*.sock]'
            cand --base-domain 'Base domain of the automatic routes {service}-{networkID}.{domain}'
            cand --state-dir 'Where dynamic port allocations are kept [default: /var/lib/rediacc/router]'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --no-auto-routes 'Do not make automatic (tier-1) routes'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand render 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;route-server;render'= {
            cand --containers '`docker inspect` output (a JSON array); `-` reads stdin'
            cand --network-id 'Network id of the repository these containers belong to [default: each container''s rediacc.network_id label]'
            cand --base-domain 'Base domain of the automatic routes'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;route-server;help'= {
            cand render 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;route-server;help;render'= {
        }
        &'rdc;route-server;help;help'= {
        }
        &'rdc;compose'= {
            cand --repo-dir 'Repository root [default: $REPOSITORY_PATH, else the nearest directory with .rediacc.json]'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --unsafe 'Allow settings that lead out of the repository (each is still printed as a warning)'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;completions'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand probe 'GET a URL until it answers one of the expected statuses (push-infra''s health checks)'
            cand repo 'Repository actions; the job (JSON) is read from stdin, the status (JSON) printed'
            cand version 'Print this rdc''s version and host protocol (JSON), for the client''s compatibility check'
            cand proxy 'Traefik under rdc: run it (the proxy unit''s main process), or hand it over to a new one'
            cand ps 'A repository''s containers with their routes (JSON)'
            cand logs 'A repository''s logs (every service, or one), on stdout'
            cand exec 'Run a command in the running container of a service (replaces this process)'
            cand term 'An interactive shell whose `docker` talks to the repository''s daemon'
            cand autostart 'Repositories with autostart: bring one up or down from its job file, or all at boot'
            cand repos 'List the machine''s repository images and what runs of them (JSON)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;host;probe'= {
            cand --expect 'Accepted statuses, comma-separated'
            cand --timeout 'Seconds to keep trying'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;repo'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;version'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;proxy'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand run 'Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection'
            cand handover 'Ask the running supervisor to hand Traefik over to a new process (the unit''s ExecReload)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;host;proxy;run'= {
            cand --traefik 'The Traefik binary'
            cand --config 'Traefik''s static configuration'
            cand --env-file 'Environment for Traefik (KEY=value lines), read again at every start'
            cand --control 'The control socket'
            cand --wait-for 'Start Traefik only once this URL answers 200 (the route server''s routes), at most 30 s'
            cand --ready-timeout 'Seconds a new Traefik may take to load the routes during a handover'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;proxy;handover'= {
            cand --control 'The supervisor''s control socket'
            cand --timeout 'Seconds to wait for the answer'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;proxy;help'= {
            cand run 'Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection'
            cand handover 'Ask the running supervisor to hand Traefik over to a new process (the unit''s ExecReload)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;host;proxy;help;run'= {
        }
        &'rdc;host;proxy;help;handover'= {
        }
        &'rdc;host;proxy;help;help'= {
        }
        &'rdc;host;ps'= {
            cand --prefix 'The machine''s install prefix'
            cand --network-id 'The repository''s network id'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;logs'= {
            cand --prefix 'The machine''s install prefix'
            cand --network-id 'The repository''s network id'
            cand --service 'Only this service'
            cand --tail 'Only the last N lines of each container'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --follow 'Keep following'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;exec'= {
            cand --prefix 'The machine''s install prefix'
            cand --network-id 'The repository''s network id'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand --tty 'Allocate a terminal'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;term'= {
            cand --prefix 'The machine''s install prefix'
            cand --network-id 'The repository''s network id'
            cand --mount 'Where the repository is mounted'
            cand --name 'The repository''s name (for the prompt)'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;autostart'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand up 'Mount, start the daemon, run prep() and up() of the repository in JOB_FILE'
            cand down 'Run down(), stop the daemon and unmount the repository in JOB_FILE'
            cand boot 'Bring back every repository with autostart (the boot script)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;host;autostart;up'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;autostart;down'= {
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;autostart;boot'= {
            cand --prefix 'The machine''s install prefix'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;autostart;help'= {
            cand up 'Mount, start the daemon, run prep() and up() of the repository in JOB_FILE'
            cand down 'Run down(), stop the daemon and unmount the repository in JOB_FILE'
            cand boot 'Bring back every repository with autostart (the boot script)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;host;autostart;help;up'= {
        }
        &'rdc;host;autostart;help;down'= {
        }
        &'rdc;host;autostart;help;boot'= {
        }
        &'rdc;host;autostart;help;help'= {
        }
        &'rdc;host;repos'= {
            cand --prefix 'The machine''s install prefix'
            cand --datastore 'The machine''s datastore'
            cand --context 'Context to use (default: the current context, else the one named "default")'
            cand --config 'Configuration file (for `route-server`: its router.toml; RDC_CONFIG does not apply there)'
            cand -o 'Output format of lists and records'
            cand --output 'Output format of lists and records'
            cand --color 'When to use colours'
            cand -v 'More log output (-v info, -vv debug, -vvv trace)'
            cand --verbose 'More log output (-v info, -vv debug, -vvv trace)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand -y 'Answer yes to confirmations (needed when there is no terminal)'
            cand --yes 'Answer yes to confirmations (needed when there is no terminal)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'rdc;host;help'= {
            cand probe 'GET a URL until it answers one of the expected statuses (push-infra''s health checks)'
            cand repo 'Repository actions; the job (JSON) is read from stdin, the status (JSON) printed'
            cand version 'Print this rdc''s version and host protocol (JSON), for the client''s compatibility check'
            cand proxy 'Traefik under rdc: run it (the proxy unit''s main process), or hand it over to a new one'
            cand ps 'A repository''s containers with their routes (JSON)'
            cand logs 'A repository''s logs (every service, or one), on stdout'
            cand exec 'Run a command in the running container of a service (replaces this process)'
            cand term 'An interactive shell whose `docker` talks to the repository''s daemon'
            cand autostart 'Repositories with autostart: bring one up or down from its job file, or all at boot'
            cand repos 'List the machine''s repository images and what runs of them (JSON)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;host;help;probe'= {
        }
        &'rdc;host;help;repo'= {
        }
        &'rdc;host;help;version'= {
        }
        &'rdc;host;help;proxy'= {
            cand run 'Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection'
            cand handover 'Ask the running supervisor to hand Traefik over to a new process (the unit''s ExecReload)'
        }
        &'rdc;host;help;proxy;run'= {
        }
        &'rdc;host;help;proxy;handover'= {
        }
        &'rdc;host;help;ps'= {
        }
        &'rdc;host;help;logs'= {
        }
        &'rdc;host;help;exec'= {
        }
        &'rdc;host;help;term'= {
        }
        &'rdc;host;help;autostart'= {
            cand up 'Mount, start the daemon, run prep() and up() of the repository in JOB_FILE'
            cand down 'Run down(), stop the daemon and unmount the repository in JOB_FILE'
            cand boot 'Bring back every repository with autostart (the boot script)'
        }
        &'rdc;host;help;autostart;up'= {
        }
        &'rdc;host;help;autostart;down'= {
        }
        &'rdc;host;help;autostart;boot'= {
        }
        &'rdc;host;help;repos'= {
        }
        &'rdc;host;help;help'= {
        }
        &'rdc;help'= {
            cand context 'Contexts, machines and their proxy (infra) settings'
            cand repo 'Repositories: create, start (up --mount), stop, status'
            cand route-server 'Host side: serve Traefik routes from the repositories'' Docker labels'
            cand compose 'Host side: docker compose on a repository''s daemon (from a Rediaccfile)'
            cand completions 'Print a shell completion script'
            cand host 'Server-side helpers called over SSH'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'rdc;help;context'= {
            cand create 'Create a context (the first one becomes the current context)'
            cand list 'List contexts'
            cand show 'Show a context (default: the selected one)'
            cand current 'Print the name of the selected context'
            cand use 'Make NAME the current context'
            cand rename 'Rename a context'
            cand delete 'Delete a context and everything it holds'
            cand set-ssh 'Set the SSH private key used for the context''s machines'
            cand add-machine 'Add a machine (a server reachable over SSH) to the context'
            cand set-machine 'Change a machine''s connection settings'
            cand remove-machine 'Remove a machine from the context'
            cand machines 'List the context''s machines'
            cand scan-keys 'Pin machines'' SSH host keys (ssh-keyscan), for strict host-key checking'
            cand set-infra 'Store a machine''s proxy settings: public IPs, domain, TLS, extra ports'
            cand show-infra 'Show a machine''s proxy settings (the token is shown as ***)'
            cand render-infra 'Render every file push-infra would write, without touching the server'
            cand push-infra 'Install or update the proxy on a machine over SSH: plan, diff, confirm, apply, verify'
        }
        &'rdc;help;context;create'= {
        }
        &'rdc;help;context;list'= {
        }
        &'rdc;help;context;show'= {
        }
        &'rdc;help;context;current'= {
        }
        &'rdc;help;context;use'= {
        }
        &'rdc;help;context;rename'= {
        }
        &'rdc;help;context;delete'= {
        }
        &'rdc;help;context;set-ssh'= {
        }
        &'rdc;help;context;add-machine'= {
        }
        &'rdc;help;context;set-machine'= {
        }
        &'rdc;help;context;remove-machine'= {
        }
        &'rdc;help;context;machines'= {
        }
        &'rdc;help;context;scan-keys'= {
        }
        &'rdc;help;context;set-infra'= {
        }
        &'rdc;help;context;show-infra'= {
        }
        &'rdc;help;context;render-infra'= {
        }
        &'rdc;help;context;push-infra'= {
        }
        &'rdc;help;repo'= {
            cand create 'Create a repository on a machine: an image, a network id, a credential'
            cand up 'Mount (with --mount), start its Docker daemon, run its Rediaccfiles: prep() then up()'
            cand down 'Run down() in its Rediaccfiles; with --unmount also stop its daemon and unmount it'
            cand sync 'Copy a local directory into a mounted repository'
            cand set 'Change a repository''s settings: the domains only it may route'
            cand status 'Show a repository''s state on its machine'
            cand list 'List the repositories of the context (with --live, as the machines see them)'
            cand delete 'Delete a repository: its containers, daemon, image and state on the server, then its entry'
            cand ps 'A repository''s containers: service, state, health, address, routes'
            cand logs 'A repository''s logs, streamed (-f to follow)'
            cand exec 'Run a command in a service''s container (with a terminal when stdin is one)'
            cand term 'A shell on the server whose docker talks to the repository''s daemon'
            cand restart 'Recreate a service, or every service'
            cand autostart 'Bring repositories back after a reboot: enable, disable, list'
        }
        &'rdc;help;repo;create'= {
        }
        &'rdc;help;repo;up'= {
        }
        &'rdc;help;repo;down'= {
        }
        &'rdc;help;repo;sync'= {
        }
        &'rdc;help;repo;set'= {
        }
        &'rdc;help;repo;status'= {
        }
        &'rdc;help;repo;list'= {
        }
        &'rdc;help;repo;delete'= {
        }
        &'rdc;help;repo;ps'= {
        }
        &'rdc;help;repo;logs'= {
        }
        &'rdc;help;repo;exec'= {
        }
        &'rdc;help;repo;term'= {
        }
        &'rdc;help;repo;restart'= {
        }
        &'rdc;help;repo;autostart'= {
            cand enable 'Bring the repository back at boot'
            cand disable 'Stop bringing it back (it keeps running)'
            cand list 'The repositories with autostart on the context''s machines'
        }
        &'rdc;help;repo;autostart;enable'= {
        }
        &'rdc;help;repo;autostart;disable'= {
        }
        &'rdc;help;repo;autostart;list'= {
        }
        &'rdc;help;route-server'= {
            cand render 'Print the dynamic configuration for `docker inspect` JSON, and why anything was skipped'
        }
        &'rdc;help;route-server;render'= {
        }
        &'rdc;help;compose'= {
        }
        &'rdc;help;completions'= {
        }
        &'rdc;help;host'= {
            cand probe 'GET a URL until it answers one of the expected statuses (push-infra''s health checks)'
            cand repo 'Repository actions; the job (JSON) is read from stdin, the status (JSON) printed'
            cand version 'Print this rdc''s version and host protocol (JSON), for the client''s compatibility check'
            cand proxy 'Traefik under rdc: run it (the proxy unit''s main process), or hand it over to a new one'
            cand ps 'A repository''s containers with their routes (JSON)'
            cand logs 'A repository''s logs (every service, or one), on stdout'
            cand exec 'Run a command in the running container of a service (replaces this process)'
            cand term 'An interactive shell whose `docker` talks to the repository''s daemon'
            cand autostart 'Repositories with autostart: bring one up or down from its job file, or all at boot'
            cand repos 'List the machine''s repository images and what runs of them (JSON)'
        }
        &'rdc;help;host;probe'= {
        }
        &'rdc;help;host;repo'= {
        }
        &'rdc;help;host;version'= {
        }
        &'rdc;help;host;proxy'= {
            cand run 'Run Traefik and supervise it; SIGHUP or `handover` replaces it without refusing a connection'
            cand handover 'Ask the running supervisor to hand Traefik over to a new process (the unit''s ExecReload)'
        }
        &'rdc;help;host;proxy;run'= {
        }
        &'rdc;help;host;proxy;handover'= {
        }
        &'rdc;help;host;ps'= {
        }
        &'rdc;help;host;logs'= {
        }
        &'rdc;help;host;exec'= {
        }
        &'rdc;help;host;term'= {
        }
        &'rdc;help;host;autostart'= {
            cand up 'Mount, start the daemon, run prep() and up() of the repository in JOB_FILE'
            cand down 'Run down(), stop the daemon and unmount the repository in JOB_FILE'
            cand boot 'Bring back every repository with autostart (the boot script)'
        }
        &'rdc;help;host;autostart;up'= {
        }
        &'rdc;help;host;autostart;down'= {
        }
        &'rdc;help;host;autostart;boot'= {
        }
        &'rdc;help;host;repos'= {
        }
        &'rdc;help;help'= {
        }
    ]
    $completions[$command]
}
