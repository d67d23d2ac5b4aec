"""The public API under /api/v1/ (django-ninja); each app contributes its router. OpenAPI at /api/v1/docs."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="乌海市职称评审与岗位管理系统 API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
)
api.add_router("/posts/", "posts.api.router")
api.add_router("/titles/", "titles.api.router")
