from .roles import roles_of


def roles(request):
    return {"user_roles": sorted(roles_of(request.user))}
