"""Surveys get the date they were conducted (调查日期) and each response the date it was given
(回答日期).

Existing rows are filled as follows: a survey of a round is dated the end date of that round
(回访 follow the round they are about); a survey of no round is dated 31 December of its
project's plan year (counted at the year's end, as before). Each existing response takes its
survey's date."""

from datetime import date

from django.db import migrations, models


def fill_dates(apps, schema_editor):
    Survey = apps.get_model("relief", "Survey")
    SurveyResponse = apps.get_model("relief", "SurveyResponse")
    for survey in Survey.objects.filter(date__isnull=True).select_related("round", "project__plan"):
        survey.date = survey.round.end if survey.round_id else date(survey.project.plan.year, 12, 31)
        survey.save(update_fields=["date"])
    for survey_id, on in Survey.objects.values_list("pk", "date"):
        SurveyResponse.objects.filter(survey_id=survey_id, date__isnull=True).update(date=on)


class Migration(migrations.Migration):

    dependencies = [
        ('relief', '0003_payments_reversals_bank_accounts_round_drafter'),
    ]

    operations = [
        migrations.AddField(
            model_name='survey',
            name='date',
            field=models.DateField(null=True, verbose_name='调查日期'),
        ),
        migrations.AddField(
            model_name='surveyresponse',
            name='date',
            field=models.DateField(null=True, verbose_name='回答日期'),
        ),
        migrations.RunPython(fill_dates, migrations.RunPython.noop),
    ]
