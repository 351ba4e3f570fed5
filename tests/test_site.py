"""The real site: builds with -W -n, and each page carries the CV's facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# A sample of the facts of the CV, page by page: titles, organisations, dates and names.
FACTS = {
    "index": [
        "Taekyung Heo",
        "Senior HPC Middleware Developer, NVIDIA",
        "A versatile “Swiss army knife” who tracks recent trends and executes quickly.",
        "CV updated on September 3, 2025.",
    ],
    "sections/experience": [
        "Senior HPC Middleware Developer, NVIDIA Dec 2023 – present",
        "Research Engineer II, Georgia Institute of Technology Mar 2023 – Dec 2023",
        "Supervisor: Tushar Krishna",
        "Research Advisor IV, Meta (through Magnit) Nov 2022 – Dec 2023",
        "Postdoctoral Fellow, Georgia Institute of Technology Mar 2022 – Feb 2023",
        "Visiting Fellow, Microsoft Research Asia (through FA Talent) Feb 2018 – Aug 2018",
    ],
    "sections/education": [
        "Doctor of Philosophy (Ph.D.), Computer Science, Korea Advanced Institute of Science & "
        "Technology (KAIST) Mar 2016 – Feb 2022",
        "Dissertation: Redesigning Hardware and Software Stacks for Terabyte-Scale Memory Systems",
        "Advisor: Jaehyuk Huh",
        "Thesis: Dynamic Time Slice Management Based on CPU Pooling in Virtualized Systems",
        "Bachelor of Science (B.Sc.), Computer Engineering, Sungkyunkwan University "
        "Mar 2010 – Feb 2014",
        "Senior Thesis: Performance Analysis of the ext4 File System in Virtualization Environment",
        "Advisor: Young Ik Eom",
    ],
    "sections/talks": [
        "Chakra and ASTRA-sim: An Open-source Ecosystem for Advancing Co-design for Future AI "
        "Systems, AI & Systems Co-design Faculty Summit Oct 2023",
        "On behalf of Tushar Krishna.",
        "Designing Multi-Tensor Core Systems in SST, SST User Group Meeting Sep 2023",
        "ASTRA-sim Tutorial, Conference on Machine Learning and Systems (MLSys) Aug 2022",
        "Hybrid TLB Coalescing: Improving TLB Translation Coverage under Diverse Fragmented Memory "
        "Allocations, Korea Software Congress Dec 2017",
    ],
    "sections/projects": [
        "Member of the Chakra working group in MLCommons",
        "Honored with the Dr. Sudhakar Yalamanchili Award at ModSim 2023",
        "Found a bug in the SST memHierarchy and contributed to the project by submitting a PR",
        "Implemented the full HW & SW stacks, which include the FPGA and Linux kernel driver",
    ],
    "sections/patents": [
        "Apparatus and Method for Accelerating Critical Service in Virtualized System, "
        "KR 1021157380000 May 21, 2020",
        "Method and System to Improve TLB Coverage by Using Chunks of Contiguous Memory, "
        "KR 1019426630000 Jan 21, 2019",
    ],
    "sections/service": [
        "Program Committee (Light PC), HPCA 2024",
        "Artifact Evaluation Committee",
    ],
    "sections/awards": [
        "Dr. Sudhakar Yalamanchili Award, ModSim Aug 2023",
        "Stars of Tomorrow (Award of Excellence), Microsoft Research Asia Aug 2018",
        "KFAS Scholarship, Korea Foundation for Advanced Studies 2017 – 2019",
        "Dean's List, College of Information & Communication Engineering "
        "Apr 2012, Oct 2012, Apr 2013, Oct 2013",
        "National Scholarship for Science and Engineering, Korea Student Aid Foundation (KOSAF) "
        "2010 – 2013",
    ],
    "sections/skills": [
        "Architecture Simulators: Structural Simulation Toolkit (SST), Gem5, NVMain, Pin, MARSSx86",
        "FPGA: Vivado, Vitis HLS, Verilog, Tcl",
    ],
    "sections/activities": [
        "President, Computer Security Research Club, Sungkyunkwan University Jul 2011 – Feb 2012",
        "Student, Korea Information Technology Research Institute Jul 2013 – Feb 2014",
    ],
    "sections/teaching": [
        "Teaching Assistant for Computer Organization, KAIST Fall 2017",
        "Teaching Assistant for Introduction to Programming (Python), KAIST Spring 2014",
    ],
}


def page_text(site: Path, page: str) -> str:
    """The main content of a page as a person reads it: one space between words."""
    soup = BeautifulSoup((site / f"{page}.html").read_text(), "html.parser")
    return " ".join(soup.find("article", id="furo-main-content").get_text(" ").split())


@pytest.mark.parametrize("page", FACTS)
def test_facts_on_page(site_html: Path, page: str) -> None:
    text = page_text(site_html, page).replace(" ,", ",").replace(" .", ".")
    for fact in FACTS[page]:
        assert fact in text


def test_every_page_has_a_description_and_the_favicon(site_html: Path) -> None:
    for page in FACTS:
        soup = BeautifulSoup((site_html / f"{page}.html").read_text(), "html.parser")
        description = soup.find("meta", attrs={"name": "description"})
        assert description is not None, page
        assert len(description["content"]) > 50, page
        icon = soup.find("link", rel="icon")
        assert (site_html / page).parent.joinpath(icon["href"]).resolve().is_file(), page


def test_source_misspellings_are_corrected(site_html: Path) -> None:
    everything = " ".join(page_text(site_html, page) for page in FACTS)
    assert "Sungkuynkwan" not in everything
    assert "FastSwtich" not in everything
