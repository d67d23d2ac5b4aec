from titles.urls_applicant import urlpatterns as applicant_urls
from titles.urls_committees import urlpatterns as committee_urls
from titles.urls_review import urlpatterns as review_urls

app_name = "titles"
urlpatterns = [*applicant_urls, *review_urls, *committee_urls]
