from django.conf import settings
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from guides.feeds import LatestGuidesFeed, TopicGuidesFeed
from guides.reply_tokens import reply_tokens
from guides.unsubscribe import unsubscribe
from home import views as home_views
from search import views as search_views

# No Django admin: everything is managed in Wagtail's, and one login page is one to protect.
urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("feeds/guides/", LatestGuidesFeed(), name="guides_feed"),
    path("feeds/topics/<str:slug>/", TopicGuidesFeed(), name="topic_feed"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/suggestions/", search_views.suggestions, name="search_suggestions"),
    path("replies/unsubscribe/<str:token>/", unsubscribe, name="reply_unsubscribe"),
    path("replies/tokens/<int:form_page_id>/", reply_tokens, name="reply_tokens"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches every remaining path.
urlpatterns += [path("", include(wagtail_urls))]
