from therapylog.cli.app import main

main()
