# Sphinx's default latex_documents escapes project and author for the title and PDF metadata.
project = "Zoë Doe & 홍길동 100% #1 {x}_~^\\"
# Placeholder names, the "John Doe" of each language (홍길동, 山田太郎, Jan Kowalski, Nguyễn Văn A).
author = "Zoë Doe & 홍길동 $5"
copyright = "2026, Zoë Doe"
version = "1"
extensions = ["myst_parser", "cv"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
latex_engine = "xelatex"
