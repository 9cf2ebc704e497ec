"""`manage.py print_welcome`: what `make run` shows once the service is up: the address and,
in the quick start only, the demo sign-ins (never when DJANGO_DEBUG=0: demo_logins() is empty)."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand

from apcommission.core.demo import demo_logins


class Command(BaseCommand):
    help = "Print the service's address and the demo sign-ins."

    def add_arguments(self, parser):
        default = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/"
        parser.add_argument("--url", default=default, help=f"the address to print (default {default})")

    def handle(self, *args, url: str, **options):
        line = "=" * 72
        self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"AP Commissioning is running at {url}"))
        self.stdout.write(f"Health: {url.rstrip('/')}/healthz    Stop everything: Ctrl-C")
        logins = demo_logins()
        if logins:
            passwords = {login["password"] for login in logins}
            shared = passwords.pop() if len(passwords) == 1 else None
            self.stdout.write("\nDemo sign-ins" + (f" (all with the password {shared}):" if shared else ":"))
            width = max(len(login["email"]) for login in logins)
            for login in logins:
                password = "" if shared else f"  password {login['password']}"
                self.stdout.write(f"  {login['email']:<{width}}  {login['role']} ({login['name']}){password}")
        else:
            self.stdout.write("\nDemo sign-ins are off (DJANGO_DEBUG=0 or DEMO_LOGINS_ENABLED=0).")
        self.stdout.write(line)
