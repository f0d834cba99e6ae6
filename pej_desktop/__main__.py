from pej_desktop.cli import main

raise SystemExit(main())
