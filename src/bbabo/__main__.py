from bbabo.cli import main

main()
