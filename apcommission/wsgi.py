import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcommission.settings.base")
application = get_wsgi_application()

# What start-up made (Django, the apps, their modules and settings: most of a worker's objects) is
# moved out of the garbage collector's generations, so that the collections a request's garbage
# sets off go through what requests made, not the whole process each time (docs/performance.md).
gc.freeze()
