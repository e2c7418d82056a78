from .roles import ADMIN, lacks_unit, roles_of


def roles(request):
    user = request.user
    return {"user_roles": sorted(roles_of(user)), "user_is_admin": ADMIN in roles_of(user),
            "user_lacks_unit": lacks_unit(user)}
