from newsletter.schemas import write

write()
