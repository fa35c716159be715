"""``python -m statuspress``."""

from statuspress.cli import main

main()
