"""User-facing texts by area, each ``TEXTS: key -> {lang: template}``; merged by i18n."""
