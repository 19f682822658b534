from cada_tracker.cli import main

main()
