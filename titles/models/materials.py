"""Materials of an application (TITLE-05, Doc B attachment 1 《专业技术职称送评材料目录单》) and the green-channel
claim (GREEN-02: category, evidence, endorsements).

``checklist(...)`` is pure: which items an application needs, with copies and paper size. Uploaded files are
validated by content in ``titles.uploads`` and stored under MEDIA_ROOT with generated names; only the
permission-checked view ``titles:material_file`` serves them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from titles.catalogue import SENIOR_LEVELS


class Item(models.TextChoices):
    """The 11 lines of attachment 1, plus the evidence that the green channel, the exceptional route and TITLE-13
    add. No degree certificate or degree verification: attachment 1 材料要求 2 forbids demanding them."""

    REVIEW_FORM = "review_form", _("1. 专业技术职务任职资格评审表")
    SUBMISSION_FORM = "submission_form", _("2. 专业技术资格送审表")
    CONTINUING_EDUCATION = "continuing_education", _("3. 继续教育审验卡")
    CURRENT_TITLE = "current_title", _("4. 现专业技术资格证书、聘书")
    ANNUAL_ASSESSMENTS = "annual_assessments", _("5. 近三年年度考核表")
    UNIT_PUBLICITY_REPORT = "unit_publicity_report", _("6. 公示书面报告（单位提供）")
    REPRESENTATIVE_WORKS = "representative_works", _("7. 代表性论文、论著、研究报告等理论成果")
    ACHIEVEMENTS = "achievements", _("8. 专业技术成果、获奖及项目完成情况")
    WORK_SUMMARY = "work_summary", _("9. 任现职以来专业技术工作业绩总结")
    QUALIFICATIONS = "qualifications", _("10. 有关职业资格证书")
    OTHER = "other", _("11. 其他有关材料")
    EXAM_RESULT = "exam_result", _("考评结合考试合格证明（TITLE-13）")
    EXCEPTIONAL_PROOF = "exceptional_proof", _("破格申报依据材料（TITLE-16）")
    GREEN_EVIDENCE = "green_evidence", _("绿色通道证明材料（GREEN-02）")
    GREEN_ENDORSEMENT = "green_endorsement", _("绿色通道推荐意见、专家推荐信（GREEN-02）")


# Items whose content is an achievement or a record "up to the deadline" (TITLE-03): the date of the document is
# asked for and may not be later than the window's closing day.
DATED_ITEMS = frozenset(
    {
        Item.CONTINUING_EDUCATION,
        Item.CURRENT_TITLE,
        Item.ANNUAL_ASSESSMENTS,
        Item.REPRESENTATIVE_WORKS,
        Item.ACHIEVEMENTS,
        Item.QUALIFICATIONS,
        Item.EXAM_RESULT,
        Item.EXCEPTIONAL_PROOF,
        Item.GREEN_EVIDENCE,
        Item.GREEN_ENDORSEMENT,
    }
)
# Produced by the system (items 1, 2) or by the unit (item 6): listed with their copies, never uploaded here.
GENERATED_ITEMS = frozenset({Item.REVIEW_FORM, Item.SUBMISSION_FORM})
UNIT_ITEMS = frozenset({Item.UNIT_PUBLICITY_REPORT})
# Attachment 1 item 10: 教师资格证、执业医师证等 — required where the series needs a practising qualification.
QUALIFICATION_SERIES = frozenset({"primary_secondary_teacher", "secondary_vocational_teacher", "health", "pharmacy"})


@dataclass(frozen=True)
class ChecklistEntry:
    item: str
    label: str
    required: bool
    copies: int | None = None  # paper copies to hand in (items 1, 2)
    paper: str = ""  # "A4" / "A3"
    uploadable: bool = True
    note: str = ""
    one_of: str = ""  # a group name: at least one item of the group is required


def checklist(
    *,
    level: str,
    route: str,
    series: str,
    has_current_title: bool,
    papers_required: bool = False,
    exam_required: bool = False,
    exceptional: bool = False,
    green_category: int | None = None,
    green_needs_endorsement: bool = False,
    continuing_education_required: bool = True,
) -> list[ChecklistEntry]:
    """TITLE-05: attachment 1 for one application. 评审表 A4 senior 2 copies others 1; 送审表 A3 senior 15 others 10.

    Recognition (考核认定) has no committee and needs no 送审表; its graduates have no title certificate yet.
    Items 7 and 8 form one group for review routes: representative outputs count instead of papers (TITLE-21),
    except where the series still keeps papers at that level for city institution staff (``papers_required``).
    Item 3 is optional where continuing education is not a hard requirement (``continuing_education_required``:
    non-public applicants, Doc B §四(七)).
    """
    senior = level in SENIOR_LEVELS
    recognition = route == "recognition"
    entries = [
        ChecklistEntry(Item.REVIEW_FORM, Item.REVIEW_FORM.label, True, 2 if senior else 1, "A4", False,
                       _("系统根据申报信息生成，打印后签字")),
        ChecklistEntry(Item.SUBMISSION_FORM, Item.SUBMISSION_FORM.label, not recognition, 15 if senior else 10, "A3",
                       False, _("系统生成")),
        ChecklistEntry(Item.CONTINUING_EDUCATION, Item.CONTINUING_EDUCATION.label,
                       not recognition and continuing_education_required,
                       note=_("原件扫描件") if continuing_education_required
                       else _("非公有制领域专业技术人才不作硬性要求，如有可上传")),
        ChecklistEntry(Item.CURRENT_TITLE, Item.CURRENT_TITLE.label, has_current_title),
        ChecklistEntry(Item.ANNUAL_ASSESSMENTS, Item.ANNUAL_ASSESSMENTS.label, True,
                       note=_("事业单位人员另附个人年度考核表")),
        ChecklistEntry(Item.UNIT_PUBLICITY_REPORT, Item.UNIT_PUBLICITY_REPORT.label, False, uploadable=False,
                       note=_("单位公示结束后由单位提供")),
        ChecklistEntry(Item.REPRESENTATIVE_WORKS, Item.REPRESENTATIVE_WORKS.label, papers_required,
                       one_of="" if papers_required or recognition else "outputs"),
        ChecklistEntry(Item.ACHIEVEMENTS, Item.ACHIEVEMENTS.label, False,
                       one_of="" if papers_required or recognition else "outputs"),
        ChecklistEntry(Item.WORK_SUMMARY, Item.WORK_SUMMARY.label, True),
        ChecklistEntry(Item.QUALIFICATIONS, Item.QUALIFICATIONS.label, series in QUALIFICATION_SERIES,
                       note=_("教师资格证、执业医师证等")),
        ChecklistEntry(Item.OTHER, Item.OTHER.label, False),
    ]  # fmt: skip
    if exam_required:
        entries.append(ChecklistEntry(Item.EXAM_RESULT, Item.EXAM_RESULT.label, True))
    if exceptional:
        entries.append(ChecklistEntry(Item.EXCEPTIONAL_PROOF, Item.EXCEPTIONAL_PROOF.label, True))
    if green_category:
        entries.append(ChecklistEntry(Item.GREEN_EVIDENCE, Item.GREEN_EVIDENCE.label, True))
        entries.append(ChecklistEntry(Item.GREEN_ENDORSEMENT, Item.GREEN_ENDORSEMENT.label, green_needs_endorsement))
    return entries


def missing_items(entries: list[ChecklistEntry], present: set[str]) -> list[ChecklistEntry]:
    """Required uploadable items with no file, and groups of which no item has a file."""
    missing = [e for e in entries if e.required and e.uploadable and e.item not in present]
    groups: dict[str, list[ChecklistEntry]] = {}
    for entry in entries:
        if entry.one_of:
            groups.setdefault(entry.one_of, []).append(entry)
    for members in groups.values():
        if not any(m.item in present for m in members):
            missing.append(members[0])
    return missing


def material_path(instance: Material, filename: str) -> str:
    """A generated name only: the applicant's file name never reaches the file system."""
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(instance.content_type, "bin")
    return f"titles/materials/{instance.application_id}/{uuid.uuid4().hex}.{extension}"


class Material(models.Model):
    application = models.ForeignKey("titles.Application", on_delete=models.CASCADE, related_name="materials")
    item = models.CharField(_("材料项目"), max_length=32, choices=Item.choices)
    file = models.FileField(_("文件"), upload_to=material_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=120)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    pages = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    width = models.PositiveIntegerField(_("宽（像素）"), null=True, blank=True)
    height = models.PositiveIntegerField(_("高（像素）"), null=True, blank=True)
    dated_on = models.DateField(_("材料日期"), null=True, blank=True)  # TITLE-03
    description = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["application_id", "item", "uploaded_at", "id"]
        indexes = [models.Index(fields=["application", "item"])]

    def __str__(self) -> str:
        return f"{self.get_item_display()} · {self.original_name}"


class GreenChannelClaim(models.Model):
    """GREEN-02: the category's evidence and endorsements as declared; their files are ``Material`` rows of the
    items ``green_evidence`` and ``green_endorsement``."""

    application = models.OneToOneField("titles.Application", on_delete=models.CASCADE, related_name="green_claim")
    evidence = models.JSONField(_("证明材料"), default=list, blank=True)  # keys of catalogue.EVIDENCE_NAMES
    endorsements = models.JSONField(_("推荐意见"), default=list, blank=True)  # keys of catalogue.ENDORSEMENT_NAMES
    peer_letters = models.PositiveSmallIntegerField(_("正高级同行专家推荐信（份）"), default=0)
    programme = models.CharField(_("人才培养项目"), max_length=32, blank=True)  # key of catalogue.PROGRAMMES

    class Meta:
        verbose_name = _("绿色通道申报")
        verbose_name_plural = _("绿色通道申报")

    def __str__(self) -> str:
        return str(self.application)
