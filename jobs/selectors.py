from jobs.models import Job


def jobs_visible_to(user):
    """Superusers see every job; other staff see the jobs they started."""
    jobs = Job.objects.select_related("owner")
    if not user.is_authenticated or not user.is_active:
        return jobs.none()
    if user.is_superuser:
        return jobs
    return jobs.filter(owner=user)
