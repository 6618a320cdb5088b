from themeclf.cli import main

main()
