"""Models of post-setting (岗位设置), split by concern: ratio profiles, schemes and their filing, special posts."""

from .profiles import RatioProfile
from .schemes import CATEGORY_GRADES, FilingReport, Scheme, SchemeReview, clean_grade_counts
from .special_posts import SpecialPost, SpecialPostReview

__all__ = [
    "CATEGORY_GRADES",
    "FilingReport",
    "RatioProfile",
    "Scheme",
    "SchemeReview",
    "SpecialPost",
    "SpecialPostReview",
    "clean_grade_counts",
]
