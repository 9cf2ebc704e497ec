"""The bare reference page: 50 rows of a 100,000-row table through one indexed query, through
the same middleware as every page but with no sign-in and no layout."""

from django.shortcuts import render

from .models import ReferenceRow

PAGE = 50


def reference(request):
    offset = 1000 * (int(request.GET.get("n", "0") or 0) % 50)
    rows = ReferenceRow.objects.order_by("name", "id")[offset : offset + PAGE]
    return render(request, "benchmarks/reference.html", {"rows": rows})
