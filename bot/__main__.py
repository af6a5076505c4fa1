"""Composition root and command line: `trucewatch run|classify|sources`."""


def main() -> None:
    raise SystemExit("not wired yet")


if __name__ == "__main__":
    main()
