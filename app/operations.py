"""Operation ids for generated clients: `listQuotes`, `getPerson`, `createArticle`."""

from __future__ import annotations

from fastapi.routing import APIRoute

# endpoints named by their verb alone (the router says what they act on), as `verb{Noun}`
VERB_ONLY = {
    "list_all": "list{plural}",
    "get_one": "get{singular}",
    "create": "create{singular}",
    "delete": "delete{singular}",
    "get_facts": "get{singular}Facts",
}


def camel(snake: str) -> str:
    head, *rest = snake.split("_")
    return head + "".join(word.capitalize() for word in rest)


def operation_id(route: APIRoute) -> str:
    """The function's name in camelCase, completed with the resource where it names only a verb."""
    template = VERB_ONLY.get(route.name)
    if template is None:
        return camel(route.name)
    # /v1/articles/{article_id} -> Articles / Article
    plural = next(part for part in route.path.split("/") if part and part != "v1" and "{" not in part)
    return template.format(plural=plural.capitalize(), singular=plural.capitalize().removesuffix("s"))
