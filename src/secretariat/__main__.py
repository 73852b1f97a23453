from secretariat.cli import main

main()
