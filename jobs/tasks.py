from django_tasks import task

from jobs.runner import execute_job


@task(takes_context=True)
def run_job(context, job_id):
    """The one task behind every job; the job row, not the task, carries state, so a re-enqueue is harmless."""
    return execute_job(job_id=job_id, task_id=str(context.task_result.id))
